build-fuzz2/src/store/suggest.o: src/store/suggest.c \
  src/store/store_internal.h include/powermap/store.h \
  include/powermap/error.h include/powermap/model.h \
  include/powermap/table.h

src/store/store_internal.h:

include/powermap/store.h:

include/powermap/error.h:

include/powermap/model.h:

include/powermap/table.h:
