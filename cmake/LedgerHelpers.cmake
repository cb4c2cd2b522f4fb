# Small helpers so that every folder declares its targets the same way.
#
# ledger_cc_library(NAME <target> SRCS <files...> [DEPS <targets...>])
#   A static library. Headers are included by their path from the repository root.
# ledger_cc_binary(NAME <target> SRCS <files...> [DEPS <targets...>])
# ledger_cc_test(NAME <target> SRCS <files...> [DEPS <targets...>] [LABEL <label>] [PG])
#   A GoogleTest binary; each test case becomes one CTest test (discovered when the tests run).
#   LABEL defaults to `unit`, or `pg` with PG. PG marks tests that need PostgreSQL: they require
#   the shared PostgreSQL cluster fixture that the test run starts (see tests/CMakeLists.txt).
#   (One label only: gtest_discover_tests cannot pass a list-valued property through.)

function(ledger_cc_library)
  cmake_parse_arguments(L "" "NAME" "SRCS;DEPS" ${ARGN})
  add_library(${L_NAME} STATIC ${L_SRCS})
  target_link_libraries(${L_NAME} PUBLIC ${L_DEPS})
endfunction()

function(ledger_cc_binary)
  cmake_parse_arguments(L "" "NAME" "SRCS;DEPS" ${ARGN})
  add_executable(${L_NAME} ${L_SRCS})
  target_link_libraries(${L_NAME} PRIVATE ${L_DEPS})
endfunction()

function(ledger_cc_test)
  cmake_parse_arguments(L "PG" "NAME;TIMEOUT;LABEL" "SRCS;DEPS" ${ARGN})
  add_executable(${L_NAME} ${L_SRCS})
  target_link_libraries(${L_NAME} PRIVATE ${L_DEPS} GTest::gmock GTest::gtest_main)
  set(label ${L_LABEL})
  set(props "")
  if(L_PG)
    if(NOT label)
      set(label pg)
    endif()
    set(props FIXTURES_REQUIRED pg_cluster
              ENVIRONMENT "LEDGER_TEST_PG_DIR=${LEDGER_TEST_PG_DIR}")
  endif()
  if(NOT L_TIMEOUT)
    set(L_TIMEOUT 300)
  endif()
  if(NOT label)
    set(label unit)
  endif()
  gtest_discover_tests(${L_NAME}
    DISCOVERY_MODE PRE_TEST
    DISCOVERY_TIMEOUT 60
    PROPERTIES LABELS ${label} TIMEOUT ${L_TIMEOUT} ${props})
endfunction()

# ledger_embed_files(OUT <file.cc> NAMESPACE <ns> FUNCTION <name> FILES <files...>)
# Generates a .cc defining `std::vector<ledger::EmbeddedFile> <ns>::<name>()` with the file names
# (without directory) and their exact bytes, so binaries carry their SQL migrations with them.
function(ledger_embed_files)
  cmake_parse_arguments(E "" "OUT;NAMESPACE;FUNCTION" "FILES" ${ARGN})
  add_custom_command(
    OUTPUT ${E_OUT}
    COMMAND ${CMAKE_COMMAND} -DOUT=${E_OUT} -DNS=${E_NAMESPACE} -DFN=${E_FUNCTION}
            "-DFILES=${E_FILES}" -P ${PROJECT_SOURCE_DIR}/cmake/EmbedFiles.cmake
    DEPENDS ${E_FILES} ${PROJECT_SOURCE_DIR}/cmake/EmbedFiles.cmake
    COMMENT "Embedding ${E_FUNCTION}"
    VERBATIM)
endfunction()
