//! The mailer in a real SMTP conversation with the test kit's sink: what
//! arrives is what was sent, and a server that fails (a refusal, a dropped
//! connection) makes `send` fail without losing the next message.

use dealerdesk_notify::{Mail, Mailer};
use dealerdesk_testkit::SmtpSink;
use std::time::Duration;

fn mail(subject: &str) -> Mail {
    Mail {
        to: vec!["admin@d1.test".into(), "user@d1.test".into()],
        subject: subject.into(),
        // ASCII, so the body travels as written (7bit) and the sink can
        // show that a line starting with a dot survives dot-stuffing.
        text: "Order KH-1 has shipped.\n.a line that starts with a dot\nThe end".into(),
        message_id: None,
    }
}

#[tokio::test]
async fn mail_goes_through_smtp_and_failures_surface() {
    let sink = SmtpSink::start().await;
    let dir = std::env::temp_dir().join(format!("dd-smtp-{}", rand::random::<u32>()));
    let mailer = Mailer::new(&sink.url(), "DealerDesk <noreply@plant.test>", &dir).expect("mailer");

    mailer.send(&mail("Отгрузка")).await.expect("send");
    let got = sink.wait_for(1, Duration::from_secs(5)).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].from, "noreply@plant.test");
    assert_eq!(got[0].to, vec!["admin@d1.test", "user@d1.test"]);
    // The Cyrillic subject as an RFC 2047 encoded word.
    assert!(
        got[0]
            .header("Subject")
            .is_some_and(|s| s.starts_with("=?utf-8?")),
        "{}",
        got[0].data
    );
    assert!(
        got[0]
            .header("To")
            .is_some_and(|t| t.contains("admin@d1.test"))
    );
    assert!(
        got[0].data.contains(".a line that starts with a dot"),
        "dot-stuffing undone: {}",
        got[0].data
    );

    // A temporary refusal is an error for the caller to retry; nothing
    // arrives, and the next attempt goes through once.
    sink.refuse_next(1);
    let refused = mailer.send(&mail("Повтор")).await.expect_err("refused");
    assert!(!refused.is_permanent(), "451 is temporary: {refused}");
    assert_eq!(sink.messages().len(), 1);
    mailer.send(&mail("Повтор")).await.expect("the retry");
    assert_eq!(sink.wait_for(2, Duration::from_secs(5)).await.len(), 2);

    // A server that hangs up: the same.
    let fresh = Mailer::new(&sink.url(), "DealerDesk <noreply@plant.test>", &dir).expect("mailer");
    sink.hang_up_next(1);
    assert!(fresh.send(&mail("Обрыв")).await.is_err());
    fresh
        .send(&mail("Обрыв"))
        .await
        .expect("after the server is back");
    assert_eq!(sink.wait_for(3, Duration::from_secs(5)).await.len(), 3);
    assert_eq!(sink.failures(), 2);
    assert!(
        !dir.exists(),
        "with SMTP configured nothing is written as files"
    );
}
