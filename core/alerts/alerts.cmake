# Alerts (core/alerts): typed rules over the monitor's snapshots, the engine that keeps the
# firing set, the runner of the operator's command, the rules as settings. QtCore only.
target_sources(lockscope_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/alertlogging.h ${CMAKE_CURRENT_LIST_DIR}/alertlogging.cpp
    ${CMAKE_CURRENT_LIST_DIR}/alertrule.h ${CMAKE_CURRENT_LIST_DIR}/alertrule.cpp
    ${CMAKE_CURRENT_LIST_DIR}/alert.h ${CMAKE_CURRENT_LIST_DIR}/alert.cpp
    ${CMAKE_CURRENT_LIST_DIR}/alertevent.h ${CMAKE_CURRENT_LIST_DIR}/alertevent.cpp
    ${CMAKE_CURRENT_LIST_DIR}/alertengine.h ${CMAKE_CURRENT_LIST_DIR}/alertengine.cpp
    ${CMAKE_CURRENT_LIST_DIR}/alertactionrunner.h ${CMAKE_CURRENT_LIST_DIR}/alertactionrunner.cpp
    ${CMAKE_CURRENT_LIST_DIR}/alertsettings.h ${CMAKE_CURRENT_LIST_DIR}/alertsettings.cpp
)
