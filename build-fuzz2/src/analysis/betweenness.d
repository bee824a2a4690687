build-fuzz2/src/analysis/betweenness.o: src/analysis/betweenness.c \
  src/analysis/betweenness.h

src/analysis/betweenness.h:
