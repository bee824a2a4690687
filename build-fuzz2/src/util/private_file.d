build-fuzz2/src/util/private_file.o: src/util/private_file.c \
  include/powermap/error.h include/powermap/kit.h

include/powermap/error.h:

include/powermap/kit.h:
