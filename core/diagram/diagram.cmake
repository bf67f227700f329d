# core/diagram: the sequence diagram of a demo run or a Buy page's purchases (issue 15): data,
# builder, explainer, painter and SVG/PNG files. QtGui + QtSvg (QPainter, QImage, QSvgGenerator),
# never Widgets. Linked by the console, the CLI (demo render, bench diagram) and the tests.
if(LOCKSCOPE_FUZZ)
    return()
endif()
find_package(Qt6 6.4 REQUIRED COMPONENTS Gui Svg)
add_library(lockscope_diagram STATIC
    ${CMAKE_CURRENT_LIST_DIR}/sequencediagram.h ${CMAKE_CURRENT_LIST_DIR}/sequencediagram.cpp
    ${CMAKE_CURRENT_LIST_DIR}/sequencediagrambuilder.h
    ${CMAKE_CURRENT_LIST_DIR}/sequencediagrambuilder.cpp
    ${CMAKE_CURRENT_LIST_DIR}/diagramverdicts.h ${CMAKE_CURRENT_LIST_DIR}/diagramverdicts.cpp
    ${CMAKE_CURRENT_LIST_DIR}/diagramexplainer.h ${CMAKE_CURRENT_LIST_DIR}/diagramexplainer.cpp
    ${CMAKE_CURRENT_LIST_DIR}/sequencediagrampainter.h
    ${CMAKE_CURRENT_LIST_DIR}/sequencediagrampainter.cpp
    ${CMAKE_CURRENT_LIST_DIR}/diagramfile.h ${CMAKE_CURRENT_LIST_DIR}/diagramfile.cpp
)
target_include_directories(lockscope_diagram PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(lockscope_diagram PUBLIC lockscope_core Qt6::Core Qt6::Gui Qt6::Svg
    PRIVATE lockscope_warnings)
