build-fuzz2/src/analysis/account.o: src/analysis/account.c \
  include/powermap/analysis.h include/powermap/error.h \
  include/powermap/graph.h /usr/include/igraph/igraph.h \
  /usr/include/igraph/igraph_version.h \
  /usr/include/igraph/igraph_decls.h /usr/include/igraph/igraph_export.h \
  /usr/include/igraph/igraph_memory.h /usr/include/igraph/igraph_error.h \
  /usr/include/igraph/igraph_config.h \
  /usr/include/igraph/igraph_random.h /usr/include/igraph/igraph_types.h \
  /usr/include/igraph/igraph_vector.h \
  /usr/include/igraph/igraph_complex.h \
  /usr/include/igraph/igraph_constants.h \
  /usr/include/igraph/igraph_pmt.h \
  /usr/include/igraph/igraph_vector_type.h \
  /usr/include/igraph/igraph_pmt_off.h \
  /usr/include/igraph/igraph_vector_pmt.h \
  /usr/include/igraph/igraph_progress.h \
  /usr/include/igraph/igraph_statusbar.h \
  /usr/include/igraph/igraph_matrix.h \
  /usr/include/igraph/igraph_matrix_pmt.h \
  /usr/include/igraph/igraph_array.h \
  /usr/include/igraph/igraph_array_pmt.h \
  /usr/include/igraph/igraph_dqueue.h \
  /usr/include/igraph/igraph_dqueue_pmt.h \
  /usr/include/igraph/igraph_stack.h \
  /usr/include/igraph/igraph_stack_pmt.h \
  /usr/include/igraph/igraph_heap.h \
  /usr/include/igraph/igraph_heap_pmt.h \
  /usr/include/igraph/igraph_psumtree.h \
  /usr/include/igraph/igraph_strvector.h \
  /usr/include/igraph/igraph_vector_list.h \
  /usr/include/igraph/igraph_typed_list_pmt.h \
  /usr/include/igraph/igraph_vector_ptr.h \
  /usr/include/igraph/igraph_sparsemat.h \
  /usr/include/igraph/igraph_datatype.h \
  /usr/include/igraph/igraph_arpack.h /usr/include/igraph/igraph_qsort.h \
  /usr/include/igraph/igraph_graph_list.h \
  /usr/include/igraph/igraph_iterators.h \
  /usr/include/igraph/igraph_interface.h \
  /usr/include/igraph/igraph_constructors.h \
  /usr/include/igraph/igraph_graphicality.h \
  /usr/include/igraph/igraph_games.h \
  /usr/include/igraph/igraph_matrix_list.h \
  /usr/include/igraph/igraph_microscopic_update.h \
  /usr/include/igraph/igraph_centrality.h \
  /usr/include/igraph/igraph_paths.h \
  /usr/include/igraph/igraph_components.h \
  /usr/include/igraph/igraph_structural.h \
  /usr/include/igraph/igraph_transitivity.h \
  /usr/include/igraph/igraph_neighborhood.h \
  /usr/include/igraph/igraph_topology.h \
  /usr/include/igraph/igraph_bipartite.h \
  /usr/include/igraph/igraph_cliques.h \
  /usr/include/igraph/igraph_layout.h \
  /usr/include/igraph/igraph_visitor.h \
  /usr/include/igraph/igraph_community.h \
  /usr/include/igraph/igraph_conversion.h \
  /usr/include/igraph/igraph_attributes.h \
  /usr/include/igraph/igraph_foreign.h \
  /usr/include/igraph/igraph_motifs.h \
  /usr/include/igraph/igraph_operators.h \
  /usr/include/igraph/igraph_flow.h \
  /usr/include/igraph/igraph_nongraph.h \
  /usr/include/igraph/igraph_cocitation.h \
  /usr/include/igraph/igraph_adjlist.h /usr/include/igraph/igraph_blas.h \
  /usr/include/igraph/igraph_lapack.h \
  /usr/include/igraph/igraph_mixing.h \
  /usr/include/igraph/igraph_separators.h \
  /usr/include/igraph/igraph_cohesive_blocks.h \
  /usr/include/igraph/igraph_eigen.h /usr/include/igraph/igraph_hrg.h \
  /usr/include/igraph/igraph_threading.h \
  /usr/include/igraph/igraph_interrupt.h \
  /usr/include/igraph/igraph_matching.h \
  /usr/include/igraph/igraph_embedding.h \
  /usr/include/igraph/igraph_scan.h \
  /usr/include/igraph/igraph_graphlets.h \
  /usr/include/igraph/igraph_epidemics.h \
  /usr/include/igraph/igraph_lsap.h \
  /usr/include/igraph/igraph_coloring.h \
  /usr/include/igraph/igraph_eulerian.h \
  /usr/include/igraph/igraph_cycles.h include/powermap/model.h \
  include/powermap/params.h include/powermap/store.h \
  include/powermap/table.h include/powermap/engagement.h

include/powermap/analysis.h:

include/powermap/error.h:

include/powermap/graph.h:

/usr/include/igraph/igraph.h:

/usr/include/igraph/igraph_version.h:

/usr/include/igraph/igraph_decls.h:

/usr/include/igraph/igraph_export.h:

/usr/include/igraph/igraph_memory.h:

/usr/include/igraph/igraph_error.h:

/usr/include/igraph/igraph_config.h:

/usr/include/igraph/igraph_random.h:

/usr/include/igraph/igraph_types.h:

/usr/include/igraph/igraph_vector.h:

/usr/include/igraph/igraph_complex.h:

/usr/include/igraph/igraph_constants.h:

/usr/include/igraph/igraph_pmt.h:

/usr/include/igraph/igraph_vector_type.h:

/usr/include/igraph/igraph_pmt_off.h:

/usr/include/igraph/igraph_vector_pmt.h:

/usr/include/igraph/igraph_progress.h:

/usr/include/igraph/igraph_statusbar.h:

/usr/include/igraph/igraph_matrix.h:

/usr/include/igraph/igraph_matrix_pmt.h:

/usr/include/igraph/igraph_array.h:

/usr/include/igraph/igraph_array_pmt.h:

/usr/include/igraph/igraph_dqueue.h:

/usr/include/igraph/igraph_dqueue_pmt.h:

/usr/include/igraph/igraph_stack.h:

/usr/include/igraph/igraph_stack_pmt.h:

/usr/include/igraph/igraph_heap.h:

/usr/include/igraph/igraph_heap_pmt.h:

/usr/include/igraph/igraph_psumtree.h:

/usr/include/igraph/igraph_strvector.h:

/usr/include/igraph/igraph_vector_list.h:

/usr/include/igraph/igraph_typed_list_pmt.h:

/usr/include/igraph/igraph_vector_ptr.h:

/usr/include/igraph/igraph_sparsemat.h:

/usr/include/igraph/igraph_datatype.h:

/usr/include/igraph/igraph_arpack.h:

/usr/include/igraph/igraph_qsort.h:

/usr/include/igraph/igraph_graph_list.h:

/usr/include/igraph/igraph_iterators.h:

/usr/include/igraph/igraph_interface.h:

/usr/include/igraph/igraph_constructors.h:

/usr/include/igraph/igraph_graphicality.h:

/usr/include/igraph/igraph_games.h:

/usr/include/igraph/igraph_matrix_list.h:

/usr/include/igraph/igraph_microscopic_update.h:

/usr/include/igraph/igraph_centrality.h:

/usr/include/igraph/igraph_paths.h:

/usr/include/igraph/igraph_components.h:

/usr/include/igraph/igraph_structural.h:

/usr/include/igraph/igraph_transitivity.h:

/usr/include/igraph/igraph_neighborhood.h:

/usr/include/igraph/igraph_topology.h:

/usr/include/igraph/igraph_bipartite.h:

/usr/include/igraph/igraph_cliques.h:

/usr/include/igraph/igraph_layout.h:

/usr/include/igraph/igraph_visitor.h:

/usr/include/igraph/igraph_community.h:

/usr/include/igraph/igraph_conversion.h:

/usr/include/igraph/igraph_attributes.h:

/usr/include/igraph/igraph_foreign.h:

/usr/include/igraph/igraph_motifs.h:

/usr/include/igraph/igraph_operators.h:

/usr/include/igraph/igraph_flow.h:

/usr/include/igraph/igraph_nongraph.h:

/usr/include/igraph/igraph_cocitation.h:

/usr/include/igraph/igraph_adjlist.h:

/usr/include/igraph/igraph_blas.h:

/usr/include/igraph/igraph_lapack.h:

/usr/include/igraph/igraph_mixing.h:

/usr/include/igraph/igraph_separators.h:

/usr/include/igraph/igraph_cohesive_blocks.h:

/usr/include/igraph/igraph_eigen.h:

/usr/include/igraph/igraph_hrg.h:

/usr/include/igraph/igraph_threading.h:

/usr/include/igraph/igraph_interrupt.h:

/usr/include/igraph/igraph_matching.h:

/usr/include/igraph/igraph_embedding.h:

/usr/include/igraph/igraph_scan.h:

/usr/include/igraph/igraph_graphlets.h:

/usr/include/igraph/igraph_epidemics.h:

/usr/include/igraph/igraph_lsap.h:

/usr/include/igraph/igraph_coloring.h:

/usr/include/igraph/igraph_eulerian.h:

/usr/include/igraph/igraph_cycles.h:

include/powermap/model.h:

include/powermap/params.h:

include/powermap/store.h:

include/powermap/table.h:

include/powermap/engagement.h:
