build-fuzz2/src/store/records.o: src/store/records.c \
  include/powermap/kit.h include/powermap/error.h \
  include/powermap/model.h src/store/store_internal.h \
  include/powermap/store.h include/powermap/table.h

include/powermap/kit.h:

include/powermap/error.h:

include/powermap/model.h:

src/store/store_internal.h:

include/powermap/store.h:

include/powermap/table.h:
