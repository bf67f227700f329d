# Everything LockScope knows about ZooKeeper: one folder, listed here, included by core/CMakeLists.txt.
target_sources(lockscope_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/zookeeperlock.h
    ${CMAKE_CURRENT_LIST_DIR}/zookeeperlock.cpp
    ${CMAKE_CURRENT_LIST_DIR}/zookeeperkinds.h
    ${CMAKE_CURRENT_LIST_DIR}/zookeeperobservation.h
    ${CMAKE_CURRENT_LIST_DIR}/zookeeperobservation.cpp
    ${CMAKE_CURRENT_LIST_DIR}/zookeeperbackend.h
    ${CMAKE_CURRENT_LIST_DIR}/zookeeperbackend.cpp
    ${CMAKE_CURRENT_LIST_DIR}/zookeeperprobe.h
    ${CMAKE_CURRENT_LIST_DIR}/zookeeperprobe.cpp
    ${CMAKE_CURRENT_LIST_DIR}/zookeeperbenchreference.h
    ${CMAKE_CURRENT_LIST_DIR}/zookeeperbenchreference.cpp
    ${CMAKE_CURRENT_LIST_DIR}/zkstockstore.h
    ${CMAKE_CURRENT_LIST_DIR}/zkstockstore.cpp
    ${CMAKE_CURRENT_LIST_DIR}/zookeeperscanner.h
    ${CMAKE_CURRENT_LIST_DIR}/zookeeperscanner.cpp
    ${CMAKE_CURRENT_LIST_DIR}/zookeepergrants.h
    ${CMAKE_CURRENT_LIST_DIR}/zookeepergrants.cpp
)
