#include "gui/sandboxwatchbar.h"

#include "core/sandbox/sandboxerror.h"
#include "core/sandbox/sandboxinfo.h"

#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace lockscope {

namespace {
bool same(const Endpoints& a, const Endpoints& b) {
    return a.redis == b.redis && a.zookeeper == b.zookeeper && a.postgres == b.postgres;
}
} // namespace

SandboxWatchBar::SandboxWatchBar(QWidget* parent)
    : QFrame(parent)
    , m_watcher(new QFileSystemWatcher(this)) {
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    QPalette p = palette();
    p.setColor(QPalette::Window, QColor(255, 243, 205));
    p.setColor(QPalette::WindowText, QColor(102, 77, 3));
    setPalette(p);
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(8, 4, 8, 4);
    m_text = new QLabel(tr("The sandbox restarted on new ports."), this);
    m_text->setWordWrap(true);
    m_reconnect = new QPushButton(tr("Reconnect"), this);
    m_dismiss = new QPushButton(tr("Dismiss"), this);
    row->addWidget(m_text, 1);
    row->addWidget(m_reconnect);
    row->addWidget(m_dismiss);
    hide();
    // stack.json is replaced by a rename (QSaveFile) and removed by `sandbox down`: the file's
    // watch goes with it, so the directory is watched too and the file watched again.
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &SandboxWatchBar::check);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, &SandboxWatchBar::check);
    connect(m_reconnect, &QPushButton::clicked, this, [this] {
        hide();
        emit reconnectRequested(m_offered);
    });
    connect(m_dismiss, &QPushButton::clicked, this, [this] {
        m_dismissed = m_offered;
        hide();
    });
}

void SandboxWatchBar::watch(const QString& dir, const Endpoints& connected) {
    if (!m_watcher->files().isEmpty())
        m_watcher->removePaths(m_watcher->files());
    if (!m_watcher->directories().isEmpty())
        m_watcher->removePaths(m_watcher->directories());
    m_dir = dir;
    m_connected = connected;
    m_offered = m_dismissed = m_baseline = Endpoints{};
    hide();
    if (dir.isEmpty())
        return;
    m_watcher->addPath(dir);
    m_baseline = load(dir);
    check();
}

Endpoints SandboxWatchBar::load(const QString& dir) {
    try {
        const SandboxInfo info = SandboxInfo::load(dir);
        return {info.redisUri, info.zookeeperUri, info.postgresUri};
    } catch (const SandboxError&) {
        return {}; // stopped, or being written: the next change tells
    }
}

void SandboxWatchBar::check() {
    if (m_dir.isEmpty())
        return;
    const QString file = SandboxInfo::stackFile(m_dir);
    if (QFileInfo::exists(file) && !m_watcher->files().contains(file))
        m_watcher->addPath(file);
    if (!m_watcher->directories().contains(m_dir) && QFileInfo::exists(m_dir))
        m_watcher->addPath(m_dir);
    const Endpoints now = load(m_dir);
    if (now.redis.isEmpty() || now.zookeeper.isEmpty() || now.postgres.isEmpty())
        return;
    if (same(now, m_baseline) || same(now, m_connected) || same(now, m_dismissed)) {
        hide();
        return;
    }
    m_offered = now;
    show();
}

} // namespace lockscope
