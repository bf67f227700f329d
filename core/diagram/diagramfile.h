#pragma once

#include "core/diagram/sequencediagram.h"
#include "core/diagram/sequencediagrampainter.h"

#include <QString>

namespace lockscope {

/// A diagram taller than this (pixels) is cut there: its beginning is drawn, without the why
/// paragraphs (a 340,000 px PNG of a long run opened nowhere and took a GB to paint).
inline constexpr int kMaxDiagramFileHeight = 20000;

/// Writes a SequenceDiagram to a file, no display needed (a QGuiApplication must exist, e.g.
/// with QT_QPA_PLATFORM=offscreen). width 0: the diagram's preferred width; the height follows
/// from the diagram. false with *error set when the file cannot be written.
/// *cut (when given): the diagram was taller than kMaxDiagramFileHeight and was cut.
bool renderSvg(const SequenceDiagram& d, const QString& path, QString* error, int width = 0,
               const DiagramView& view = {}, bool* cut = nullptr);
bool renderPng(const SequenceDiagram& d, const QString& path, QString* error, int width = 0,
               const DiagramView& view = {}, bool* cut = nullptr);

} // namespace lockscope
