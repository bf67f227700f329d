#pragma once

#include "core/endpoints.h"

#include <QFrame>

class QFileSystemWatcher;
class QLabel;
class QPushButton;

namespace lockscope {

/// A non-modal bar over the pages: watches the stack.json of the sandbox the console is
/// connected to and, when that sandbox restarted on other URIs, offers to reconnect. It never
/// reconnects by itself: the operator presses Reconnect (reconnectRequested) or Dismiss.
class SandboxWatchBar : public QFrame {
    Q_OBJECT
public:
    explicit SandboxWatchBar(QWidget* parent = nullptr);

    /// Watches dir's stack.json; connected are the URIs in use now. The offer comes when the file's
    /// URIs change from what they were here and differ from the connected ones. An empty dir
    /// stops watching.
    void watch(const QString& dir, const Endpoints& connected);
    QString sandboxDir() const { return m_dir; }
    /// The URIs the sandbox has now, when they differ from the connected ones (the offer).
    const Endpoints& offered() const { return m_offered; }
    bool offering() const { return !isHidden(); }
    QPushButton* reconnectButton() const { return m_reconnect; }
    QPushButton* dismissButton() const { return m_dismiss; }

signals:
    void reconnectRequested(const lockscope::Endpoints& endpoints);

private:
    void check();
    static Endpoints load(const QString& dir);

    QFileSystemWatcher* m_watcher;
    QLabel* m_text;
    QPushButton* m_reconnect;
    QPushButton* m_dismiss;
    QString m_dir;
    Endpoints m_connected;
    Endpoints m_baseline; ///< the sandbox's URIs when the watch started
    Endpoints m_offered;
    Endpoints m_dismissed; ///< an offer the operator dismissed is not made again
};

} // namespace lockscope
