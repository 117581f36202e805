//! Reclamations (the dealer's side, the shared page, the specialists')
//! and messages (a dealer's threads, a manager's inbox).

use super::*;

pub(super) fn rows(m: &mut Rows) {
    // Reclamations: the dealer's side, the shared page, the specialists'.
    m.add(
        Method::GET,
        "/reclamations",
        vec![probe(
            "/reclamations",
            [303, 200, 200, 403, 403, 403, 403, 403, 403, 200, 403, 303],
        )],
    );
    m.add(
        Method::GET,
        "/orders/{factory_code}/{number}/reclamation",
        vec![probe(
            "/orders/KH/KH-1/reclamation",
            [303, 200, 200, 403, 403, 403, 403, 403, 403, 404, 403, 303],
        )],
    );
    m.add(
        Method::POST,
        "/orders/{factory_code}/{number}/reclamation",
        vec![post(
            "/orders/KH/KH-1/reclamation",
            vec![
                ("_multipart", "photos"),
                ("constructions", "1"),
                ("category", "glass"),
                ("description", "Подряпина"),
            ],
            [401, 303, 303, 403, 403, 403, 403, 403, 403, 404, 403, 401],
        )],
    );
    m.add(
        Method::GET,
        "/reclamations/{number}",
        vec![
            probe(
                "/reclamations/KH-R-00001",
                [303, 200, 200, 200, 200, 200, 404, 404, 200, 404, 404, 303],
            ),
            probe(
                "/reclamations/KH-R-99999",
                [303, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 303],
            ),
        ],
    );
    m.add(
        Method::GET,
        "/reclamations/{number}/photos/{id}",
        vec![
            probe(
                "/reclamations/KH-R-00001/photos/1",
                [303, 200, 200, 200, 200, 200, 404, 404, 200, 404, 404, 303],
            ),
            probe(
                "/reclamations/KH-R-00001/photos/999",
                [303, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 303],
            ),
        ],
    );
    m.add(
        Method::POST,
        "/reclamations/{number}/comments",
        vec![post(
            "/reclamations/KH-R-00001/comments",
            vec![("body", "Перевірте, будь ласка")],
            [401, 303, 303, 303, 303, 303, 404, 404, 303, 404, 404, 401],
        )],
    );
    m.add(
        Method::POST,
        "/reclamations/{number}/status",
        // Closing a submitted one is not a move: whoever may review hears
        // 409 and nothing changes; the others may not review at all.
        vec![post(
            "/reclamations/KH-R-00001/status",
            vec![("to", "closed")],
            [401, 403, 403, 403, 403, 409, 403, 403, 409, 403, 403, 401],
        )],
    );
    m.add(
        Method::POST,
        "/reclamations/{number}/assign",
        vec![post(
            "/reclamations/KH-R-00001/assign",
            vec![("to", "")],
            [401, 403, 403, 403, 403, 303, 403, 403, 303, 403, 403, 401],
        )],
    );
    // Messages: a dealer's threads, a manager's inbox. Thread 1 is the
    // one the dealer admin starts with the POST row below.
    m.add(
        Method::GET,
        "/messages",
        vec![probe(
            "/messages",
            [303, 200, 200, 403, 403, 403, 403, 403, 403, 200, 403, 303],
        )],
    );
    m.add(
        Method::POST,
        "/messages",
        vec![post(
            "/messages",
            vec![
                ("_multipart", "files"),
                ("subject", "Питання"),
                ("body", "Коли відвантаження?"),
            ],
            [401, 303, 303, 403, 403, 403, 403, 403, 403, 303, 403, 401],
        )],
    );
    m.add(
        Method::GET,
        "/messages/{id}",
        vec![probe(
            "/messages/1",
            [303, 200, 200, 200, 200, 404, 404, 404, 200, 404, 404, 303],
        )],
    );
    m.add(
        Method::POST,
        "/messages/{id}",
        vec![post(
            "/messages/1",
            vec![("_multipart", "files"), ("body", "Відповідь")],
            [401, 303, 303, 303, 303, 404, 404, 404, 303, 404, 404, 401],
        )],
    );
    // File 1 is the photo the dealer admin's first message carries.
    m.add(
        Method::GET,
        "/messages/{id}/files/{file}",
        vec![
            probe(
                "/messages/1/files/1",
                [303, 200, 200, 200, 200, 404, 404, 404, 200, 404, 404, 303],
            ),
            probe(
                "/messages/1/files/999999",
                [303, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 303],
            ),
        ],
    );
    m.add(
        Method::GET,
        "/staff/inbox",
        vec![probe(
            "/staff/inbox",
            [303, 403, 403, 200, 200, 403, 403, 403, 200, 403, 200, 303],
        )],
    );
}
