#pragma once

#include "core/diagram/sequencediagram.h"
#include "core/diagram/sequencediagrampainter.h"

#include <QString>

namespace lockscope {

/// Writes a SequenceDiagram to a file, no display needed (a QGuiApplication must exist, e.g.
/// with QT_QPA_PLATFORM=offscreen). width 0: the diagram's preferred width; the height follows
/// from the diagram. false with *error set when the file cannot be written.
bool renderSvg(const SequenceDiagram& d, const QString& path, QString* error, int width = 0,
               const DiagramView& view = {});
bool renderPng(const SequenceDiagram& d, const QString& path, QString* error, int width = 0,
               const DiagramView& view = {});

} // namespace lockscope
