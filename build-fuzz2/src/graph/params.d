build-fuzz2/src/graph/params.o: src/graph/params.c \
  include/powermap/params.h include/powermap/error.h \
  include/powermap/store.h include/powermap/model.h \
  include/powermap/table.h

include/powermap/params.h:

include/powermap/error.h:

include/powermap/store.h:

include/powermap/model.h:

include/powermap/table.h:
