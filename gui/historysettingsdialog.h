#pragma once

#include "core/history/historysettings.h"

#include <QDialog>

class QLineEdit;
class QSpinBox;

namespace lockscope {

/// Where the console records its history and how much it keeps (docs/HISTORY-STORE.md). Saved
/// in the user's QSettings; a new location takes effect at the next start.
class HistorySettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit HistorySettingsDialog(const HistorySettings& current, QWidget* parent = nullptr);
    HistorySettings settings() const;

private:
    QLineEdit* m_path = nullptr;
    QSpinBox* m_days = nullptr;
    QSpinBox* m_megabytes = nullptr;
};

} // namespace lockscope
