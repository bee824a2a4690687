build-fuzz2/src/store/functions.o: src/store/functions.c \
  include/powermap/kit.h include/powermap/error.h \
  include/powermap/names.h src/store/store_internal.h \
  include/powermap/store.h include/powermap/model.h \
  include/powermap/table.h

include/powermap/kit.h:

include/powermap/error.h:

include/powermap/names.h:

src/store/store_internal.h:

include/powermap/store.h:

include/powermap/model.h:

include/powermap/table.h:
