build-fuzz2/src/io/import_pipeline.o: src/io/import_pipeline.c \
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
