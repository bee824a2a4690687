build-fuzz2/src/io/import_cycles.o: src/io/import_cycles.c \
  include/powermap/cycles.h src/io/import_internal.h \
  include/powermap/import.h include/powermap/error.h \
  include/powermap/store.h include/powermap/model.h \
  include/powermap/table.h include/powermap/kit.h \
  include/powermap/strmap.h

include/powermap/cycles.h:

src/io/import_internal.h:

include/powermap/import.h:

include/powermap/error.h:

include/powermap/store.h:

include/powermap/model.h:

include/powermap/table.h:

include/powermap/kit.h:

include/powermap/strmap.h:
