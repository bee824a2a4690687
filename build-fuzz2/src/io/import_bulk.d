build-fuzz2/src/io/import_bulk.o: src/io/import_bulk.c \
  src/io/import_internal.h include/powermap/import.h \
  include/powermap/error.h include/powermap/store.h \
  include/powermap/model.h include/powermap/table.h \
  include/powermap/kit.h include/powermap/strmap.h

src/io/import_internal.h:

include/powermap/import.h:

include/powermap/error.h:

include/powermap/store.h:

include/powermap/model.h:

include/powermap/table.h:

include/powermap/kit.h:

include/powermap/strmap.h:
