#include "gui/connectiondialog.h"

#include "connectors/postgresuri.h"
#include "connectors/redisuri.h"
#include "connectors/urierror.h"
#include "connectors/zookeeperuri.h"
#include "core/sandbox/sandboxerror.h"
#include "core/sandbox/sandboxinfo.h"
#include "gui/profilestore.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>
#include <qt6keychain/keychain.h>

namespace lockscope {

namespace {
const QString kBackends[3] = {QStringLiteral("redis"), QStringLiteral("zookeeper"),
                              QStringLiteral("postgres")};
const QString kService = QStringLiteral("LockScope");
/// A keychain that has not answered by then is taken as none (a session without a keychain
/// daemon can leave a job waiting for a long D-Bus timeout).
constexpr int kKeychainDeadlineMs = 5000;
} // namespace

ConnectionDialog::ConnectionDialog(const Endpoints& current, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("Connections"));
    setMinimumWidth(640);
    auto* layout = new QVBoxLayout(this);
    auto* profileRow = new QHBoxLayout;
    m_profile = new QComboBox(this);
    m_profile->setEditable(true);
    m_profile->addItems(ProfileStore::names());
    m_profile->setCurrentText(tr("current"));
    auto* save = new QPushButton(tr("Save profile"), this);
    auto* remove = new QPushButton(tr("Delete"), this);
    auto* sandbox = new QPushButton(tr("Use sandbox…"), this);
    sandbox->setToolTip(tr("Load all three URIs (and the password) from a sandbox directory's "
                           "stack.json"));
    profileRow->addWidget(new QLabel(tr("Profile:"), this));
    profileRow->addWidget(m_profile, 1);
    profileRow->addWidget(save);
    profileRow->addWidget(remove);
    profileRow->addWidget(sandbox);
    layout->addLayout(profileRow);
    auto* form = new QFormLayout;
    const QString labels[3] = {QStringLiteral("Redis"), QStringLiteral("ZooKeeper"),
                               QStringLiteral("PostgreSQL")};
    const QString values[3] = {current.redis, current.zookeeper, current.postgres};
    for (int i = 0; i < 3; ++i) {
        QString password;
        m_uri[i] =
            new QLineEdit(ProfileStore::stripPassword(kBackends[i], values[i], &password), this);
        m_password[i] = new QLineEdit(password, this);
        m_password[i]->setEchoMode(QLineEdit::Password);
        m_password[i]->setPlaceholderText(tr("password (optional)"));
        m_password[i]->setMaximumWidth(180);
        auto* row = new QHBoxLayout;
        row->addWidget(m_uri[i], 1);
        row->addWidget(m_password[i]);
        form->addRow(labels[i] + QLatin1Char(':'), row);
        connect(m_uri[i], &QLineEdit::textChanged, this, &ConnectionDialog::validate);
    }
    layout->addLayout(form);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    // Not known before a keychain is asked (asking can block for a long D-Bus timeout where there
    // is none): say what will happen, and after saving what did.
    m_keychain = new QLabel(tr("Passwords are never written to the settings file: saving a profile "
                               "puts them in the system keychain, and this says whether it took "
                               "them."),
                            this);
    m_keychain->setWordWrap(true);
    layout->addWidget(m_keychain);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    // Qt's own "Cancel" is English where Qt's translations are not installed: ours is in tr().
    buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
    m_ok->setText(tr("Connect"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(save, &QPushButton::clicked, this, &ConnectionDialog::saveProfile);
    connect(sandbox, &QPushButton::clicked, this, [this] {
        QString start = m_sandboxDir;
        if (start.isEmpty())
            start = qEnvironmentVariable("LOCKSCOPE_SANDBOX_DIR", QDir::tempPath());
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Sandbox directory"), start);
        if (!dir.isEmpty())
            useSandbox(dir);
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        ProfileStore::remove(m_profile->currentText());
        for (const QString& b : kBackends) {
            auto* job = new QKeychain::DeletePasswordJob(kService, this);
            job->setKey(ProfileStore::keychainKey(m_profile->currentText(), b));
            job->start();
        }
        m_profile->removeItem(m_profile->currentIndex());
    });
    connect(m_profile, &QComboBox::textActivated, this, &ConnectionDialog::loadProfile);
    validate();
}

bool ConnectionDialog::useSandbox(const QString& dir) {
    SandboxInfo info;
    try {
        info = SandboxInfo::load(dir);
    } catch (const SandboxError& e) {
        m_status->setText(QStringLiteral("<span style='color:#c0392b'>%1</span>")
                              .arg(e.message().toHtmlEscaped()));
        return false;
    }
    const QString uris[3] = {info.redisUri, info.zookeeperUri, info.postgresUri};
    for (int i = 0; i < 3; ++i) {
        QString password;
        m_uri[i]->setText(ProfileStore::stripPassword(kBackends[i], uris[i], &password));
        m_password[i]->setText(password);
    }
    m_sandboxDir = dir;
    validate();
    if (validationError().isEmpty())
        m_status->setText(tr("Loaded the sandbox in %1.").arg(dir).toHtmlEscaped());
    return true;
}

void ConnectionDialog::keychainUnavailable(const QString& why) {
    m_keychainState = Keychain::Unavailable;
    m_keychain->setText(QStringLiteral("<span style='color:#c0392b'>%1</span>")
                            .arg(tr("No system keychain is available (%1): passwords are not "
                                    "stored, you will be asked "
                                    "for them each time.")
                                     .arg(why.toHtmlEscaped())));
}

void ConnectionDialog::loadProfile(const QString& name) {
    if (!ProfileStore::names().contains(name))
        return;
    m_sandboxDir.clear();
    const Endpoints e = ProfileStore::load(name);
    const QString uris[3] = {e.redis, e.zookeeper, e.postgres};
    for (int i = 0; i < 3; ++i) {
        m_uri[i]->setText(uris[i]);
        m_password[i]->clear();
        auto* job = new QKeychain::ReadPasswordJob(kService, this);
        job->setKey(ProfileStore::keychainKey(name, kBackends[i]));
        connect(job, &QKeychain::Job::finished, this, [this, i, job, name] {
            if (job->error() == QKeychain::NoError) {
                m_password[i]->setText(job->textData());
            } else if (job->error() != QKeychain::EntryNotFound) {
                keychainUnavailable(job->errorString());
                bool ok = false;
                const QString pw = QInputDialog::getText(
                    this, tr("Password"),
                    tr("No keychain: password for %1 in profile '%2' (leave empty for none):")
                        .arg(kBackends[i], name),
                    QLineEdit::Password, QString(), &ok);
                if (ok)
                    m_password[i]->setText(pw);
            }
        });
        job->start();
    }
}

void ConnectionDialog::saveProfile() {
    const QString name = m_profile->currentText().trimmed();
    if (name.isEmpty())
        return;
    ProfileStore::save(name, endpoints()); // without the passwords
    m_pendingWrites = 0;
    m_writtenPasswords = 0;
    m_writeErrors.clear();
    m_savedStored = false;
    const int generation = ++m_saveGeneration; // answers to an earlier save are ignored
    for (int i = 0; i < 3; ++i) {
        const QString key = ProfileStore::keychainKey(name, kBackends[i]);
        if (m_password[i]->text().isEmpty()) {
            // No password now: an older one must not come back when the profile is loaded.
            auto* job = new QKeychain::DeletePasswordJob(kService, this);
            job->setInsecureFallback(false);
            job->setKey(key);
            job->start();
            continue;
        }
        auto* job = new QKeychain::WritePasswordJob(kService, this);
        job->setInsecureFallback(false);
        job->setKey(key);
        job->setTextData(m_password[i]->text());
        ++m_pendingWrites;
        connect(job, &QKeychain::Job::finished, this, [this, job, name, generation] {
            if (generation == m_saveGeneration && m_pendingWrites > 0)
                savedOne(name, job->error() == QKeychain::NoError ? QString() : job->errorString());
        });
        job->start();
    }
    if (m_profile->findText(name) < 0)
        m_profile->addItem(name);
    if (m_pendingWrites == 0) {
        m_savedStored = true;
        m_status->setText(
            tr("Profile '%1' saved (it has no passwords).").arg(name).toHtmlEscaped());
    } else {
        m_status->setText(tr("Saving profile '%1'…").arg(name).toHtmlEscaped());
        QTimer::singleShot(kKeychainDeadlineMs, this, [this, name, generation] {
            if (generation != m_saveGeneration || m_pendingWrites == 0)
                return;
            m_pendingWrites = 1; // the rest count as not stored
            savedOne(name, tr("it did not answer within %1 s").arg(kKeychainDeadlineMs / 1000));
        });
    }
}

void ConnectionDialog::savedOne(const QString& name, const QString& error) {
    if (error.isEmpty())
        ++m_writtenPasswords;
    else
        m_writeErrors << error;
    if (--m_pendingWrites > 0)
        return;
    if (m_writeErrors.isEmpty()) {
        m_savedStored = true;
        m_keychainState = Keychain::Available;
        m_keychain->setText(
            tr("Passwords are kept in the system keychain, never in the settings file."));
        m_status->setText(tr("Profile '%1' saved; its passwords are in the system keychain.")
                              .arg(name)
                              .toHtmlEscaped());
        return;
    }
    keychainUnavailable(m_writeErrors.constFirst());
    m_status->setText(
        QStringLiteral("<span style='color:#c0392b'>%1</span>")
            .arg(tr("Profile '%1' saved without its passwords: the keychain did not take them. "
                    "You will be asked for them when you load it.")
                     .arg(name)
                     .toHtmlEscaped()));
}

QString ConnectionDialog::validationError() const {
    const QString labels[3] = {QStringLiteral("Redis"), QStringLiteral("ZooKeeper"),
                               QStringLiteral("PostgreSQL")};
    for (int i = 0; i < 3; ++i) {
        try {
            const QString uri =
                ProfileStore::withPassword(kBackends[i], m_uri[i]->text(), m_password[i]->text());
            if (i == 0)
                RedisUri::parse(uri);
            else if (i == 1)
                ZooKeeperUri::parse(uri);
            else
                PostgresUri::parse(uri);
        } catch (const UriError& e) {
            return tr("%1: %2 (%3)").arg(labels[i], e.message(), e.part());
        }
    }
    return {};
}

void ConnectionDialog::validate() {
    const QString error = validationError();
    m_status->setText(
        error.isEmpty()
            ? QString()
            : QStringLiteral("<span style='color:#c0392b'>%1</span>").arg(error.toHtmlEscaped()));
    m_ok->setEnabled(error.isEmpty());
}

Endpoints ConnectionDialog::endpoints() const {
    Endpoints e;
    QString* out[3] = {&e.redis, &e.zookeeper, &e.postgres};
    for (int i = 0; i < 3; ++i) {
        try {
            *out[i] =
                ProfileStore::withPassword(kBackends[i], m_uri[i]->text(), m_password[i]->text());
        } catch (const UriError&) {
            *out[i] = m_uri[i]->text();
        }
    }
    return e;
}

} // namespace lockscope
