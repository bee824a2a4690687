build-fuzz2/src/store/check.o: src/store/check.c \
  include/powermap/cycles.h include/powermap/kit.h \
  include/powermap/error.h src/store/store_internal.h \
  include/powermap/store.h include/powermap/model.h \
  include/powermap/table.h

include/powermap/cycles.h:

include/powermap/kit.h:

include/powermap/error.h:

src/store/store_internal.h:

include/powermap/store.h:

include/powermap/model.h:

include/powermap/table.h:
