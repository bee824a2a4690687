build-fuzz2/src/util/error.o: src/util/error.c include/powermap/error.h

include/powermap/error.h:
