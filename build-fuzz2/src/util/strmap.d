build-fuzz2/src/util/strmap.o: src/util/strmap.c include/powermap/error.h \
  include/powermap/strmap.h

include/powermap/error.h:

include/powermap/strmap.h:
