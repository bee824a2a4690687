build-fuzz2/src/util/idmap.o: src/util/idmap.c include/powermap/error.h \
  include/powermap/idmap.h

include/powermap/error.h:

include/powermap/idmap.h:
