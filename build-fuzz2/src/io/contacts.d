build-fuzz2/src/io/contacts.o: src/io/contacts.c include/powermap/csv.h \
  include/powermap/error.h include/powermap/names.h \
  src/io/import_internal.h include/powermap/import.h \
  include/powermap/store.h include/powermap/model.h \
  include/powermap/table.h include/powermap/kit.h \
  include/powermap/strmap.h src/io/contacts.h

include/powermap/csv.h:

include/powermap/error.h:

include/powermap/names.h:

src/io/import_internal.h:

include/powermap/import.h:

include/powermap/store.h:

include/powermap/model.h:

include/powermap/table.h:

include/powermap/kit.h:

include/powermap/strmap.h:

src/io/contacts.h:
