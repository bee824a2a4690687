build-fuzz2/src/io/csv.o: src/io/csv.c include/powermap/csv.h \
  include/powermap/error.h include/powermap/kit.h

include/powermap/csv.h:

include/powermap/error.h:

include/powermap/kit.h:
