# Everything LockScope knows about Redis: one folder, listed here, included by core/CMakeLists.txt.
target_sources(lockscope_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/redislock.h
    ${CMAKE_CURRENT_LIST_DIR}/redislock.cpp
    ${CMAKE_CURRENT_LIST_DIR}/redlocklock.h
    ${CMAKE_CURRENT_LIST_DIR}/redlocklock.cpp
    ${CMAKE_CURRENT_LIST_DIR}/rediskinds.h
    ${CMAKE_CURRENT_LIST_DIR}/redisobservation.h
    ${CMAKE_CURRENT_LIST_DIR}/redisobservation.cpp
    ${CMAKE_CURRENT_LIST_DIR}/redisbackend.h
    ${CMAKE_CURRENT_LIST_DIR}/redisbackend.cpp
    ${CMAKE_CURRENT_LIST_DIR}/redisprobe.h
    ${CMAKE_CURRENT_LIST_DIR}/redisprobe.cpp
    ${CMAKE_CURRENT_LIST_DIR}/redisbenchreference.h
    ${CMAKE_CURRENT_LIST_DIR}/redisbenchreference.cpp
    ${CMAKE_CURRENT_LIST_DIR}/redisstockstore.h
    ${CMAKE_CURRENT_LIST_DIR}/redisstockstore.cpp
    ${CMAKE_CURRENT_LIST_DIR}/redisscanner.h
    ${CMAKE_CURRENT_LIST_DIR}/redisscanner.cpp
    ${CMAKE_CURRENT_LIST_DIR}/keyspacelistener.h
    ${CMAKE_CURRENT_LIST_DIR}/keyspacelistener.cpp
    ${CMAKE_CURRENT_LIST_DIR}/trackinglistener.h
    ${CMAKE_CURRENT_LIST_DIR}/trackinglistener.cpp
    ${CMAKE_CURRENT_LIST_DIR}/redischangelistener.h
    ${CMAKE_CURRENT_LIST_DIR}/redischangelistener.cpp
    ${CMAKE_CURRENT_LIST_DIR}/redisgrants.h
    ${CMAKE_CURRENT_LIST_DIR}/redisgrants.cpp
)
