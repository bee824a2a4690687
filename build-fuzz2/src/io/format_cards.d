build-fuzz2/src/io/format_cards.o: src/io/format_cards.c \
  src/io/contacts.h src/io/import_internal.h include/powermap/import.h \
  include/powermap/error.h include/powermap/store.h \
  include/powermap/model.h include/powermap/table.h \
  include/powermap/kit.h include/powermap/strmap.h

src/io/contacts.h:

src/io/import_internal.h:

include/powermap/import.h:

include/powermap/error.h:

include/powermap/store.h:

include/powermap/model.h:

include/powermap/table.h:

include/powermap/kit.h:

include/powermap/strmap.h:
