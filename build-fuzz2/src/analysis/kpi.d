build-fuzz2/src/analysis/kpi.o: src/analysis/kpi.c include/powermap/kit.h \
  include/powermap/error.h include/powermap/kpi.h \
  include/powermap/params.h include/powermap/store.h \
  include/powermap/model.h include/powermap/table.h

include/powermap/kit.h:

include/powermap/error.h:

include/powermap/kpi.h:

include/powermap/params.h:

include/powermap/store.h:

include/powermap/model.h:

include/powermap/table.h:
