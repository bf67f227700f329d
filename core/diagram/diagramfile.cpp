#include "core/diagram/diagramfile.h"

namespace lockscope {

bool renderSvg(const SequenceDiagram& d, const QString& path, QString* error, int width,
               const DiagramView& view) {
    (void)d;
    (void)path;
    (void)width;
    (void)view;
    if (error)
        *error = QStringLiteral("not implemented yet");
    return false;
}

bool renderPng(const SequenceDiagram& d, const QString& path, QString* error, int width,
               const DiagramView& view) {
    (void)d;
    (void)path;
    (void)width;
    (void)view;
    if (error)
        *error = QStringLiteral("not implemented yet");
    return false;
}

} // namespace lockscope
