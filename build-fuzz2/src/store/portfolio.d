build-fuzz2/src/store/portfolio.o: src/store/portfolio.c \
  include/powermap/model.h include/powermap/store.h \
  include/powermap/error.h include/powermap/table.h \
  src/store/store_internal.h

include/powermap/model.h:

include/powermap/store.h:

include/powermap/error.h:

include/powermap/table.h:

src/store/store_internal.h:
