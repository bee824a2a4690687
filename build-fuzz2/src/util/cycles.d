build-fuzz2/src/util/cycles.o: src/util/cycles.c \
  include/powermap/cycles.h include/powermap/error.h \
  include/powermap/kit.h

include/powermap/cycles.h:

include/powermap/error.h:

include/powermap/kit.h:
