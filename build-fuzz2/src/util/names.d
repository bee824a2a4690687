build-fuzz2/src/util/names.o: src/util/names.c include/powermap/error.h \
  include/powermap/kit.h include/powermap/names.h

include/powermap/error.h:

include/powermap/kit.h:

include/powermap/names.h:
