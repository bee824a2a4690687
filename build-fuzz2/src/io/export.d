build-fuzz2/src/io/export.o: src/io/export.c include/powermap/csv.h \
  include/powermap/error.h include/powermap/export.h \
  include/powermap/store.h include/powermap/model.h \
  include/powermap/table.h include/powermap/kit.h

include/powermap/csv.h:

include/powermap/error.h:

include/powermap/export.h:

include/powermap/store.h:

include/powermap/model.h:

include/powermap/table.h:

include/powermap/kit.h:
