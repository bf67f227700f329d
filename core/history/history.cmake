# core/history: what the monitor observed over time, kept in SQLite (docs/HISTORY-STORE.md).
# QtCore + QtSql, never Widgets. Linked by the console, the CLI and the tests that need it.
if(LOCKSCOPE_FUZZ)
    return()
endif()
add_library(lockscope_history STATIC
    ${CMAKE_CURRENT_LIST_DIR}/historysettings.h ${CMAKE_CURRENT_LIST_DIR}/historysettings.cpp
    ${CMAKE_CURRENT_LIST_DIR}/historysince.h ${CMAKE_CURRENT_LIST_DIR}/historysince.cpp
    ${CMAKE_CURRENT_LIST_DIR}/operatoraction.h ${CMAKE_CURRENT_LIST_DIR}/operatoraction.cpp
    ${CMAKE_CURRENT_LIST_DIR}/historystore.h ${CMAKE_CURRENT_LIST_DIR}/historystore.cpp
    ${CMAKE_CURRENT_LIST_DIR}/historystats.h ${CMAKE_CURRENT_LIST_DIR}/historystats.cpp
    ${CMAKE_CURRENT_LIST_DIR}/historyrecorder.h ${CMAKE_CURRENT_LIST_DIR}/historyrecorder.cpp
    ${CMAKE_CURRENT_LIST_DIR}/historywindow.h
    ${CMAKE_CURRENT_LIST_DIR}/historyworker.h ${CMAKE_CURRENT_LIST_DIR}/historyworker.cpp
)
target_include_directories(lockscope_history PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(lockscope_history PUBLIC lockscope_core Qt6::Core Qt6::Sql
    PRIVATE lockscope_warnings)
