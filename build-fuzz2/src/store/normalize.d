build-fuzz2/src/store/normalize.o: src/store/normalize.c \
  include/powermap/kit.h include/powermap/error.h \
  include/powermap/model.h include/powermap/table.h

include/powermap/kit.h:

include/powermap/error.h:

include/powermap/model.h:

include/powermap/table.h:
