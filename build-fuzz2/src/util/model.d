build-fuzz2/src/util/model.o: src/util/model.c include/powermap/model.h

include/powermap/model.h:
