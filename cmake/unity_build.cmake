# The test-only trees (ASan, TSan, fuzz: scripts/test-all) and the arm64 image test's cross
# build (images/build-image --unity) compile in unity batches
# (-DCMAKE_UNITY_BUILD=ON): each batch parses the heavy headers (nlohmann/json, doctest, the
# standard library) once for eight sources. Measured on two cores: the ASan tree's test targets
# in 5.7 min (the whole tree, source by source, took ~14 min beside other work), the TSan tree's
# in 4.4 min, the fuzz targets in 2.5 min.
# The sources below define a helper of the same name as a neighbour in their anonymous
# namespaces; they compile on their own. plan.cpp too: its Plan::Index holds types of its
# anonymous namespace, which GCC warns about (-Wsubobject-linkage) in any file but the main one.
if(NOT CMAKE_UNITY_BUILD)
  return()
endif()
# TARGET:SOURCE (the source relative to the project).
set(pt_unity_alone
  pt_plan:sync/plan/plan.cpp
  pt_client:sync/client/http_transport.cpp
  pt_server:sync/server/http_api.cpp
  pt_ui:ui/screens/attention.cpp
  pt_ui:ui/screens/work_step_detail.cpp
  pt_ui:ui/screens/processes.cpp
  pt_ui:ui/screens/dashboard.cpp
  pt_ui:ui/screens/planning_objects.cpp
  protocol_test:tests/protocol/health_codec_test.cpp
  protocol_test:tests/protocol/plan_codec_test.cpp
  protocol_test:tests/protocol/event_codec_test.cpp
  config_test:tests/config/provisioning_test.cpp
  app_test:tests/app/event_builder_test.cpp
)
foreach(entry IN LISTS pt_unity_alone)
  string(REPLACE ":" ";" parts ${entry})
  list(GET parts 0 target)
  list(GET parts 1 source)
  if(TARGET ${target})
    set_source_files_properties(${PROJECT_SOURCE_DIR}/${source} TARGET_DIRECTORY ${target}
                                PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
  endif()
endforeach()
