build-fuzz2/src/analysis/strengths.o: src/analysis/strengths.c \
  include/powermap/idmap.h include/powermap/kit.h \
  include/powermap/error.h include/powermap/strengths.h \
  include/powermap/params.h include/powermap/store.h \
  include/powermap/model.h include/powermap/table.h

include/powermap/idmap.h:

include/powermap/kit.h:

include/powermap/error.h:

include/powermap/strengths.h:

include/powermap/params.h:

include/powermap/store.h:

include/powermap/model.h:

include/powermap/table.h:
