# The installable C++ client library: `cmake --install <build> --prefix <P>` puts the client's
# static libraries (and the core libraries they need: proto messages and gRPC stubs, crypto,
# envelope, merkle, note, state, util) under <P>/lib, their headers under <P>/include with the
# same include paths as in this repository (`clients/client/ledger_client.h`,
# `ledger/v1/ledger_service.grpc.pb.h`), and the CMake package `ledgerClient`, whose target
# `ledger::client` a consumer links:
#
#   find_package(ledgerClient CONFIG REQUIRED)
#   target_link_libraries(app PRIVATE ledger::client)
#
# The server (ledgerd, storage, sequencer) is not installed. See docs/ARCHITECTURE.md.

include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(LEDGER_CLIENT_LIBRARIES
  ledger_verified_submit ledger_client ledger_trusted_state ledger_entry_builder
  ledger_state ledger_envelope ledger_note ledger_merkle ledger_crypto ledger_util
  ledger_grpc_proto ledger_proto)

# The one target consumers name. Our sanitizer build's static libraries need the sanitizer
# runtime at the consumer's link; the plain build adds nothing.
add_library(ledger_client_package INTERFACE)
set_target_properties(ledger_client_package PROPERTIES EXPORT_NAME client)
target_link_libraries(ledger_client_package INTERFACE
  ledger_verified_submit ledger_client ledger_trusted_state ledger_entry_builder)
target_include_directories(ledger_client_package INTERFACE
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
if(LEDGER_SANITIZE)
  target_link_options(ledger_client_package INTERFACE -fsanitize=${LEDGER_SANITIZE})
endif()

install(TARGETS ledger_client_package ${LEDGER_CLIENT_LIBRARIES}
  EXPORT ledgerClientTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT ledgerClientTargets
  NAMESPACE ledger::
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/ledgerClient)

# Headers, by the paths the sources include them with. Test helpers are left out.
install(FILES clients/client/ledger_client.h clients/client/trusted_state.h
              clients/client/verified_submit.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/clients/client)
install(FILES clients/entries/entry_builder.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/clients/entries)
foreach(dir util crypto merkle note envelope state)
  install(DIRECTORY ledger/${dir}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/ledger/${dir}
    FILES_MATCHING PATTERN "*.h"
    PATTERN "*_testing.h" EXCLUDE
    PATTERN "test_vectors.h" EXCLUDE)
endforeach()
install(DIRECTORY ${PROJECT_BINARY_DIR}/proto/ledger/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/ledger
  FILES_MATCHING PATTERN "*.pb.h")
install(DIRECTORY proto/ledger/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/ledger
  FILES_MATCHING PATTERN "*.proto")

configure_package_config_file(cmake/ledgerClientConfig.cmake.in
  ${PROJECT_BINARY_DIR}/ledgerClientConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/ledgerClient)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/ledgerClientConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/ledgerClientConfig.cmake
              ${PROJECT_BINARY_DIR}/ledgerClientConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/ledgerClient)
