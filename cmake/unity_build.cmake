# The test-only trees (the asan, tsan and fuzz presets of CMakePresets.json, which
# scripts/test-all builds) and the arm64 image test's cross build (images/build-image --unity)
# compile in unity batches (-DCMAKE_UNITY_BUILD=ON): each batch parses the heavy headers
# (nlohmann/json, doctest, the standard library) once for eight sources. Measured on two cores:
# the ASan tree's test targets in 5.7 min (the whole tree, source by source, took ~14 min beside
# other work), the TSan tree's in 4.4 min, the fuzz targets in 2.5 min.
# plan.cpp and http_api.cpp compile on their own: their Plan::Index and HttpApi::Routes hold
# types of their anonymous namespaces, which GCC warns about (-Wsubobject-linkage) in any file
# but the main one. Helpers in anonymous
# namespaces have names of their own across a target (a shared helper goes in a header).
if(NOT CMAKE_UNITY_BUILD)
  return()
endif()
# TARGET:SOURCE (the source relative to the project).
set(pt_unity_alone
  pt_plan:sync/plan/plan.cpp
  pt_server:sync/server/http_api.cpp
)
foreach(entry IN LISTS pt_unity_alone)
  string(REPLACE ":" ";" parts ${entry})
  list(GET parts 0 target)
  list(GET parts 1 source)
  set_source_files_properties(${PROJECT_SOURCE_DIR}/${source} TARGET_DIRECTORY ${target}
                              PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
endforeach()
