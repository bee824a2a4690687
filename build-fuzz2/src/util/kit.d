build-fuzz2/src/util/kit.o: src/util/kit.c include/powermap/error.h \
  include/powermap/kit.h

include/powermap/error.h:

include/powermap/kit.h:
