build-fuzz2/src/io/colmap.o: src/io/colmap.c include/powermap/csv.h \
  include/powermap/error.h src/io/import_internal.h \
  include/powermap/import.h include/powermap/store.h \
  include/powermap/model.h include/powermap/table.h \
  include/powermap/kit.h include/powermap/strmap.h

include/powermap/csv.h:

include/powermap/error.h:

src/io/import_internal.h:

include/powermap/import.h:

include/powermap/store.h:

include/powermap/model.h:

include/powermap/table.h:

include/powermap/kit.h:

include/powermap/strmap.h:
