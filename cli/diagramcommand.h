#pragma once

#include <QStringList>
#include <memory>

class QCoreApplication;

namespace lockscope::cli {

/// lockscope-cli demo render (a run's sequence diagram as SVG or PNG) and bench diagram (the
/// painter's frame time). Both paint, so they run under a QGuiApplication (offscreen when no
/// platform is set); the rest of the CLI stays QCoreApplication.
class DiagramCommand {
public:
    /// Whether the command line is one of the painting subcommands.
    static bool needsGui(int argc, char* argv[]);
    /// A QGuiApplication (QT_QPA_PLATFORM=offscreen when unset) for needsGui, else a
    /// QCoreApplication.
    static std::unique_ptr<QCoreApplication> makeApplication(int& argc, char* argv[]);
    static int render(const QStringList& args); ///< demo render
    static int bench(const QStringList& args);  ///< bench diagram
};

} // namespace lockscope::cli
