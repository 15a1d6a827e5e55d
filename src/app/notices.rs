//! What the app tells the person: one error (an alert), one status line (announced politely),
//! and the storage warning that stays until a save works again.

/// A message. `serial` makes each new message a new element, so it is announced again even
/// when its text is the same.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub serial: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Notices {
    pub error: Option<Notice>,
    pub status: Option<Notice>,
    pub storage_problem: Option<String>,
    serial: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoticeAction {
    Error(String),
    Status(String),
    DismissError,
}

impl Notices {
    pub fn reduce(&mut self, action: NoticeAction) {
        match action {
            NoticeAction::Error(text) => self.error(text),
            NoticeAction::Status(text) => self.status(text),
            NoticeAction::DismissError => self.error = None,
        }
    }

    pub fn error(&mut self, text: String) {
        self.error = Some(self.next(text));
    }

    pub fn status(&mut self, text: String) {
        self.status = Some(self.next(text));
    }

    fn next(&mut self, text: String) -> Notice {
        self.serial += 1;
        Notice {
            text,
            serial: self.serial,
        }
    }
}
