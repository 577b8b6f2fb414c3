//! Long random key sequences and random server replies never make `update` or drawing panic.

use crate::tui_support;

use proptest::prelude::*;
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use recoup_tasks::model::Artist;
use recoup_tasks::tui::draft::Draft;
use recoup_tasks::tui::{Action, App, RequestId};
use tui_support::*;

fn key_strategy() -> impl Strategy<Value = Action> {
    let code = prop_oneof![
        4 => prop::sample::select(
            "abcdefghijklmnopqrstuvwxyzGAZ0123456789 */,-+?/!é日\u{1b}".chars().collect::<Vec<_>>()
        ).prop_map(KeyCode::Char),
        1 => prop::sample::select(vec![
            KeyCode::Enter, KeyCode::Esc, KeyCode::Tab, KeyCode::BackTab, KeyCode::Up, KeyCode::Down,
            KeyCode::Left, KeyCode::Right, KeyCode::PageUp, KeyCode::PageDown, KeyCode::Home,
            KeyCode::End, KeyCode::Backspace, KeyCode::Delete, KeyCode::F(12),
        ]),
    ];
    let modifiers = prop::sample::select(vec![
        KeyModifiers::NONE,
        KeyModifiers::NONE,
        KeyModifiers::NONE,
        KeyModifiers::SHIFT,
        KeyModifiers::CONTROL,
        KeyModifiers::ALT,
    ]);
    (code, modifiers).prop_map(|(code, modifiers)| Action::Key(KeyEvent::new(code, modifiers)))
}

fn reply_strategy() -> impl Strategy<Value = Action> {
    let request = (0u64..40).prop_map(RequestId);
    let error = prop::sample::select(vec![
        "502 Bad Gateway".to_string(),
        "<html>oops</html>\u{1b}[2J".to_string(),
        "expected value at line 1 column 1".to_string(),
        String::new(),
    ]);
    prop_oneof![
        (request.clone(), any::<bool>(), 0usize..4, error.clone()).prop_map(
            |(request, ok, n, e)| Action::TasksLoaded {
                request,
                result: if ok {
                    Ok(tasks()
                        .into_iter()
                        .take(n)
                        .map(recoup_tasks::model::Task::listed)
                        .collect::<Vec<_>>()
                        .into())
                } else {
                    Err(failure(&e))
                },
            }
        ),
        (request.clone(), any::<bool>(), 0usize..4, error.clone()).prop_map(
            |(request, ok, n, e)| Action::RunsLoaded {
                request,
                result: if ok {
                    Ok(runs().into_iter().take(n).collect())
                } else {
                    Err(failure(&e))
                },
            }
        ),
        (request.clone(), any::<bool>(), 0usize..3, error.clone()).prop_map(
            |(request, ok, n, e)| Action::RunLoaded {
                request,
                result: if ok {
                    Ok(Box::new(runs()[n].clone()))
                } else {
                    Err(failure(&e))
                },
            }
        ),
        (request.clone(), any::<bool>(), 0usize..3, error.clone()).prop_map(
            |(request, ok, n, e)| Action::TaskSaved {
                request,
                result: if ok {
                    Ok(tasks()[n].clone())
                } else {
                    Err(failure(&e))
                },
            }
        ),
        (request.clone(), any::<bool>(), 0usize..3, error.clone()).prop_map(
            |(request, ok, n, e)| Action::TaskToggled {
                request,
                result: if ok {
                    Ok(tasks()[n].clone())
                } else {
                    Err(failure(&e))
                },
            }
        ),
        (request.clone(), any::<bool>(), 0usize..3, error.clone()).prop_map(
            |(request, ok, n, e)| Action::TaskDeleted {
                request,
                id: tasks()[n].id.clone(),
                result: if ok { Ok(()) } else { Err(failure(&e)) },
            }
        ),
        (request, any::<bool>()).prop_map(|(request, ok)| Action::ArtistsLoaded {
            request,
            result: if ok {
                Ok(vec![Artist {
                    account_id: ARTIST.into(),
                    name: Some("A\u{7}rtist".into()),
                    ..Artist::default()
                }]
                .into())
            } else {
                Err(failure("401"))
            },
        }),
        (0u64..8).prop_map(|generation| Action::RunsRefreshDue { generation }),
        (0u64..8).prop_map(|generation| Action::RunRefreshDue { generation }),
        (0u64..8).prop_map(|generation| Action::TasksRefreshDue { generation }),
        (0u64..40).prop_map(Action::ToastExpired),
        any::<bool>().prop_map(|ok| Action::Copied {
            text: "task_1".into(),
            result: if ok { Ok(()) } else { Err("closed".into()) }
        }),
        "[a-z \n]{0,20}".prop_map(|t| Action::EditorClosed(Ok(t))),
        "[ -~\n\r\t]{0,40}".prop_map(Action::Paste),
        (0i64..400_000_000).prop_map(|s| Action::Clock(now() + chrono::Duration::seconds(s))),
        "[ -~]{0,12}".prop_map(|s| Action::DraftFound(Draft {
            title: s.clone(),
            schedule: s,
            ..Draft::default()
        })),
    ]
}

fn other_strategy() -> impl Strategy<Value = Action> {
    prop_oneof![
        (0u16..140, 0u16..50).prop_map(|(w, h)| Action::Resize(w, h)),
        (0u16..140, 0u16..50, 0u8..4).prop_map(|(column, row, k)| Action::Mouse(MouseEvent {
            kind: match k {
                0 => MouseEventKind::ScrollDown,
                1 => MouseEventKind::ScrollUp,
                2 => MouseEventKind::Down(MouseButton::Left),
                _ => MouseEventKind::Moved,
            },
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })),
    ]
}

fn action_strategy() -> impl Strategy<Value = Action> {
    prop_oneof![12 => key_strategy(), 4 => reply_strategy(), 1 => other_strategy()]
}

proptest! {
    // Debug builds render slowly; `cargo test --release` runs many more cases.
    #![proptest_config(ProptestConfig {
        cases: if cfg!(debug_assertions) { 24 } else { 256 },
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_input_and_replies_never_panic(actions in prop::collection::vec(action_strategy(), 1..400)) {
        let (mut app, _) = App::new(startup((80, 24)));
        for action in actions {
            let _ = app.update(action);
            let (w, h) = app.size();
            let _ = render(&app, w, h);
        }
    }
}
