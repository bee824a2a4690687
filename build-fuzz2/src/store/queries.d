build-fuzz2/src/store/queries.o: src/store/queries.c \
  src/store/store_internal.h include/powermap/store.h \
  include/powermap/error.h include/powermap/model.h \
  include/powermap/table.h

src/store/store_internal.h:

include/powermap/store.h:

include/powermap/error.h:

include/powermap/model.h:

include/powermap/table.h:
