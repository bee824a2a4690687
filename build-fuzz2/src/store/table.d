build-fuzz2/src/store/table.o: src/store/table.c include/powermap/error.h \
  include/powermap/model.h include/powermap/table.h

include/powermap/error.h:

include/powermap/model.h:

include/powermap/table.h:
