# Everything LockScope knows about PostgreSQL: one folder, listed here, included by core/CMakeLists.txt.
target_sources(lockscope_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/pgchangedetector.h
    ${CMAKE_CURRENT_LIST_DIR}/pgchangedetector.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pgtransactionlock.h
    ${CMAKE_CURRENT_LIST_DIR}/pgtransactionlock.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pgrowlock.h
    ${CMAKE_CURRENT_LIST_DIR}/pgrowlock.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pgadvisorylock.h
    ${CMAKE_CURRENT_LIST_DIR}/pgadvisorylock.cpp
    ${CMAKE_CURRENT_LIST_DIR}/leaselock.h
    ${CMAKE_CURRENT_LIST_DIR}/leaselock.cpp
    ${CMAKE_CURRENT_LIST_DIR}/postgreskinds.h
    ${CMAKE_CURRENT_LIST_DIR}/pgbackendobservation.h
    ${CMAKE_CURRENT_LIST_DIR}/pgbackendobservation.cpp
    ${CMAKE_CURRENT_LIST_DIR}/postgresbackend.h
    ${CMAKE_CURRENT_LIST_DIR}/postgresbackend.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pgprobe.h
    ${CMAKE_CURRENT_LIST_DIR}/pgprobe.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pgbenchreference.h
    ${CMAKE_CURRENT_LIST_DIR}/pgbenchreference.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pgstockstore.h
    ${CMAKE_CURRENT_LIST_DIR}/pgstockstore.cpp
    ${CMAKE_CURRENT_LIST_DIR}/postgresscanner.h
    ${CMAKE_CURRENT_LIST_DIR}/postgresscanner.cpp
    ${CMAKE_CURRENT_LIST_DIR}/postgresgrants.h
    ${CMAKE_CURRENT_LIST_DIR}/postgresgrants.cpp
)
