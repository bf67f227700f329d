# The fault proxy (core/fault): a loopback TCP relay that simulates partitions, for tests and
# the demo's --fault partition; as a process of its own with a control socket (ProxyDaemon,
# ProxyControl) for the sandbox's proxies. QtCore and POSIX sockets only.
target_sources(lockscope_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/faultproxy.h ${CMAKE_CURRENT_LIST_DIR}/faultproxy.cpp
    ${CMAKE_CURRENT_LIST_DIR}/faultproxyerror.h
    ${CMAKE_CURRENT_LIST_DIR}/proxyloop.h ${CMAKE_CURRENT_LIST_DIR}/proxyloop.cpp
    ${CMAKE_CURRENT_LIST_DIR}/relaypair.h ${CMAKE_CURRENT_LIST_DIR}/relaypair.cpp
    ${CMAKE_CURRENT_LIST_DIR}/proxycontrol.h ${CMAKE_CURRENT_LIST_DIR}/proxycontrol.cpp
    ${CMAKE_CURRENT_LIST_DIR}/proxycontrolerror.h
    ${CMAKE_CURRENT_LIST_DIR}/proxydaemon.h ${CMAKE_CURRENT_LIST_DIR}/proxydaemon.cpp
    ${CMAKE_CURRENT_LIST_DIR}/sentinelfailover.h ${CMAKE_CURRENT_LIST_DIR}/sentinelfailover.cpp
    ${CMAKE_CURRENT_LIST_DIR}/zkensemble.h ${CMAKE_CURRENT_LIST_DIR}/zkensemble.cpp
    ${CMAKE_CURRENT_LIST_DIR}/sandboxrepair.h ${CMAKE_CURRENT_LIST_DIR}/sandboxrepair.cpp
)
