//! Import from a file, the news desk and the information pages' desk.

use super::*;

pub(super) fn rows(m: &mut Rows) {
    // Import from a file: heads of sales and the administrator. The probe
    // uploads a photo, which is no CSV or XLSX: refused, nothing imported.
    m.add(
        Method::GET,
        "/staff/import",
        vec![probe(
            "/staff/import",
            [303, 403, 403, 403, 200, 403, 403, 403, 200, 403, 200, 303],
        )],
    );
    m.add(
        Method::POST,
        "/staff/import",
        vec![post(
            "/staff/import",
            vec![("_multipart", "file"), ("kind", "leads")],
            [401, 403, 403, 403, 422, 403, 403, 403, 422, 403, 422, 401],
        )],
    );
    // The news desk: content managers (their factory's news and news for
    // all) and the administrator. News 4 is a KH draft, 2 is PL's, 1 is
    // published; draft 5 is set up in `run` for publishing.
    let content_only = [303, 403, 403, 403, 403, 403, 403, 200, 200, 403, 403, 303];
    // The information pages' desk: page 4 is KH's draft `kh-draft`, page 2
    // PL's `pl-products` (fixtures). The content manager attaches file 1 to
    // page 4 and publishes it; readers then fetch it through the page.
    m.add(
        Method::GET,
        "/staff/info",
        vec![probe("/staff/info", content_only)],
    );
    m.add(
        Method::POST,
        "/staff/info",
        vec![post(
            "/staff/info",
            vec![
                ("title", "Графік на свята"),
                ("slug", "holidays"),
                ("section", "schedule"),
                ("body", "Завод працює до **30 грудня**."),
            ],
            [401, 403, 403, 403, 403, 403, 403, 303, 303, 403, 403, 401],
        )],
    );
    m.add(
        Method::GET,
        "/staff/info/{id}",
        vec![
            probe("/staff/info/4", content_only),
            probe(
                "/staff/info/2",
                [303, 403, 403, 403, 403, 403, 403, 404, 200, 403, 403, 303],
            ),
        ],
    );
    m.add(
        Method::POST,
        "/staff/info/{id}",
        vec![
            post(
                "/staff/info/4",
                vec![
                    ("title", "Прайс KH"),
                    ("slug", "kh-draft"),
                    ("section", "reference"),
                    ("audience", "KH"),
                    ("body", "Ціни з 1 січня."),
                ],
                [401, 403, 403, 403, 403, 403, 403, 303, 303, 403, 403, 401],
            ),
            post(
                "/staff/info/2",
                vec![
                    ("title", "x"),
                    ("slug", "Not valid!"),
                    ("section", "reference"),
                ],
                [401, 403, 403, 403, 403, 403, 403, 404, 422, 403, 403, 401],
            ),
        ],
    );
    m.add(
        Method::POST,
        "/staff/info/{id}/publish",
        vec![post(
            "/staff/info/4/publish",
            vec![("publish", "1")],
            [401, 403, 403, 403, 403, 403, 403, 303, 303, 403, 403, 401],
        )],
    );
    m.add(
        Method::POST,
        "/staff/info/{id}/files",
        vec![
            post(
                "/staff/info/4/files",
                vec![("_multipart", "files")],
                [401, 403, 403, 403, 403, 403, 403, 303, 303, 403, 403, 401],
            ),
            post(
                "/staff/info/2/files",
                vec![("_multipart", "files")],
                [401, 403, 403, 403, 403, 403, 403, 404, 303, 403, 403, 401],
            ),
        ],
    );
    m.add(
        Method::GET,
        "/staff/info/{id}/files/{file}",
        vec![
            probe("/staff/info/4/files/1", content_only),
            probe(
                "/staff/info/2/files/1",
                [303, 403, 403, 403, 403, 403, 403, 404, 404, 403, 403, 303],
            ),
        ],
    );
    m.add(
        Method::POST,
        "/staff/info/{id}/files/{file}/remove",
        vec![post(
            "/staff/info/4/files/999/remove",
            vec![],
            [401, 403, 403, 403, 403, 403, 403, 404, 404, 403, 403, 401],
        )],
    );
    m.add(
        Method::GET,
        "/staff/news",
        vec![probe("/staff/news", content_only)],
    );
    m.add(
        Method::POST,
        "/staff/news",
        vec![post(
            "/staff/news",
            vec![
                ("title", "Графік на свята"),
                ("body", "Завод працює до **30 грудня**."),
            ],
            [401, 403, 403, 403, 403, 403, 403, 303, 303, 403, 403, 401],
        )],
    );
    m.add(
        Method::GET,
        "/staff/news/{id}",
        vec![
            probe("/staff/news/4", content_only),
            probe(
                "/staff/news/2",
                [303, 403, 403, 403, 403, 403, 403, 404, 200, 403, 403, 303],
            ),
        ],
    );
    m.add(
        Method::POST,
        "/staff/news/{id}",
        vec![
            post(
                "/staff/news/4",
                vec![("title", "Чернетка KH"), ("body", "Новий текст.")],
                [401, 403, 403, 403, 403, 403, 403, 303, 303, 403, 403, 401],
            ),
            post(
                "/staff/news/1",
                vec![("title", "x"), ("body", "y")],
                [401, 403, 403, 403, 403, 403, 403, 422, 422, 403, 403, 401],
            ),
        ],
    );
    m.add(
        Method::POST,
        "/staff/news/{id}/publish",
        vec![post(
            "/staff/news/5/publish",
            vec![],
            [401, 403, 403, 403, 403, 403, 403, 303, 422, 403, 403, 401],
        )],
    );
}
