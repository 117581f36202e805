//! The vocabulary of a Ukrainian window plant: regions and cities, people's
//! names, company names, streets, profile systems, glass units, colours and
//! fittings. Texts are in Ukrainian, with some Russian, as real data is.

/// An oblast as the plant's data knows it.
pub struct Region {
    /// `Харківська область`.
    pub name: &'static str,
    /// The oblast centre, where most dealers are.
    pub centre: &'static str,
    /// Other towns with dealers.
    pub towns: &'static [&'static str],
    /// The land's name in the genitive, for company names: `Вікна Слобожанщини`.
    pub land: &'static str,
    /// The same in Latin letters, for e-mail domains.
    pub land_latin: &'static str,
    /// Licence-plate prefix, e.g. `AX`.
    pub plate: &'static str,
    /// Telephone area code of the centre (after `+380`).
    pub area_code: &'static str,
    /// The first two digits of the centre's postal codes.
    pub postal: &'static str,
    /// Indices of neighbouring regions in [`REGIONS`].
    pub neighbours: &'static [usize],
    /// Factory codes that usually mean a plant in this region.
    pub factory_codes: &'static [&'static str],
}

pub const REGIONS: &[Region] = &[
    Region {
        name: "Харківська область",
        centre: "Харків",
        towns: &[
            "Чугуїв",
            "Лозова",
            "Мерефа",
            "Богодухів",
            "Люботин",
            "Красноград",
        ],
        land: "Слобожанщини",
        land_latin: "slobozhanshchyna",
        plate: "AX",
        area_code: "57",
        postal: "61",
        neighbours: &[1, 2, 4],
        factory_codes: &["KH", "HR", "KHR", "KHA"],
    },
    Region {
        name: "Полтавська область",
        centre: "Полтава",
        towns: &[
            "Кременчук",
            "Лубни",
            "Миргород",
            "Горішні Плавні",
            "Гадяч",
            "Карлівка",
        ],
        land: "Полтавщини",
        land_latin: "poltavshchyna",
        plate: "BI",
        area_code: "532",
        postal: "36",
        neighbours: &[0, 2, 4, 10, 13],
        factory_codes: &["PL", "PO", "PLT"],
    },
    Region {
        name: "Дніпропетровська область",
        centre: "Дніпро",
        towns: &[
            "Кривий Ріг",
            "Кам'янське",
            "Павлоград",
            "Нікополь",
            "Новомосковськ",
            "Марганець",
        ],
        land: "Придніпров'я",
        land_latin: "prydniprovia",
        plate: "AE",
        area_code: "56",
        postal: "49",
        neighbours: &[0, 1, 5, 13, 14],
        factory_codes: &["DN", "DP", "DNP"],
    },
    Region {
        name: "Київська область",
        centre: "Київ",
        towns: &[
            "Бровари",
            "Бориспіль",
            "Ірпінь",
            "Біла Церква",
            "Буча",
            "Фастів",
            "Обухів",
        ],
        land: "Київщини",
        land_latin: "kyivshchyna",
        plate: "AI",
        area_code: "44",
        postal: "02",
        neighbours: &[10, 11, 12, 1, 6],
        factory_codes: &["KY", "KV", "KI", "KYV", "KIE"],
    },
    Region {
        name: "Сумська область",
        centre: "Суми",
        towns: &["Конотоп", "Шостка", "Охтирка", "Ромни", "Лебедин"],
        land: "Сумщини",
        land_latin: "sumshchyna",
        plate: "BM",
        area_code: "542",
        postal: "40",
        neighbours: &[0, 1, 11],
        factory_codes: &["SM", "SU", "SUM"],
    },
    Region {
        name: "Запорізька область",
        centre: "Запоріжжя",
        towns: &["Вільнянськ", "Оріхів", "Новомиколаївка", "Кушугум"],
        land: "Запоріжжя",
        land_latin: "zaporizhzhia",
        plate: "AP",
        area_code: "61",
        postal: "69",
        neighbours: &[2, 14],
        factory_codes: &["ZP", "ZA", "ZAP"],
    },
    Region {
        name: "Вінницька область",
        centre: "Вінниця",
        towns: &[
            "Жмеринка",
            "Могилів-Подільський",
            "Козятин",
            "Хмільник",
            "Гайсин",
            "Бар",
        ],
        land: "Поділля",
        land_latin: "podillia",
        plate: "AB",
        area_code: "432",
        postal: "21",
        neighbours: &[7, 10, 12, 3, 9],
        factory_codes: &["VN", "VI", "VIN"],
    },
    Region {
        name: "Хмельницька область",
        centre: "Хмельницький",
        towns: &[
            "Кам'янець-Подільський",
            "Шепетівка",
            "Старокостянтинів",
            "Нетішин",
            "Славута",
        ],
        land: "Хмельниччини",
        land_latin: "khmelnychchyna",
        plate: "BX",
        area_code: "382",
        postal: "29",
        neighbours: &[6, 8, 12, 15],
        factory_codes: &["HM", "KM", "KHM"],
    },
    Region {
        name: "Львівська область",
        centre: "Львів",
        towns: &[
            "Дрогобич",
            "Стрий",
            "Самбір",
            "Трускавець",
            "Шептицький",
            "Золочів",
        ],
        land: "Галичини",
        land_latin: "halychyna",
        plate: "BC",
        area_code: "32",
        postal: "79",
        neighbours: &[15, 7],
        factory_codes: &["LV", "LW", "LVV"],
    },
    Region {
        name: "Одеська область",
        centre: "Одеса",
        towns: &[
            "Ізмаїл",
            "Чорноморськ",
            "Білгород-Дністровський",
            "Подільськ",
            "Южне",
        ],
        land: "Причорномор'я",
        land_latin: "prychornomoria",
        plate: "BH",
        area_code: "48",
        postal: "65",
        neighbours: &[14, 13, 6],
        factory_codes: &["OD", "ODS"],
    },
    Region {
        name: "Черкаська область",
        centre: "Черкаси",
        towns: &["Умань", "Сміла", "Золотоноша", "Канів", "Звенигородка"],
        land: "Черкащини",
        land_latin: "cherkashchyna",
        plate: "CA",
        area_code: "472",
        postal: "18",
        neighbours: &[3, 1, 13, 6],
        factory_codes: &["CK", "CH", "CHK"],
    },
    Region {
        name: "Чернігівська область",
        centre: "Чернігів",
        towns: &["Ніжин", "Прилуки", "Бахмач", "Мена", "Носівка"],
        land: "Сіверщини",
        land_latin: "sivershchyna",
        plate: "CB",
        area_code: "462",
        postal: "14",
        neighbours: &[3, 4, 1],
        factory_codes: &["CN", "CG", "CHN"],
    },
    Region {
        name: "Житомирська область",
        centre: "Житомир",
        towns: &["Бердичів", "Коростень", "Звягель", "Малин", "Коростишів"],
        land: "Житомирщини",
        land_latin: "zhytomyrshchyna",
        plate: "AM",
        area_code: "412",
        postal: "10",
        neighbours: &[3, 6, 7],
        factory_codes: &["ZT", "ZH", "ZHY"],
    },
    Region {
        name: "Кіровоградська область",
        centre: "Кропивницький",
        towns: &["Олександрія", "Світловодськ", "Знам'янка", "Новоукраїнка"],
        land: "Кіровоградщини",
        land_latin: "kirovohradshchyna",
        plate: "BA",
        area_code: "522",
        postal: "25",
        neighbours: &[1, 2, 10, 14, 9],
        factory_codes: &["KR", "KRP"],
    },
    Region {
        name: "Миколаївська область",
        centre: "Миколаїв",
        towns: &["Первомайськ", "Вознесенськ", "Южноукраїнськ", "Очаків"],
        land: "Миколаївщини",
        land_latin: "mykolaivshchyna",
        plate: "BE",
        area_code: "512",
        postal: "54",
        neighbours: &[9, 13, 2, 5],
        factory_codes: &["MK", "MY", "NIK"],
    },
    Region {
        name: "Івано-Франківська область",
        centre: "Івано-Франківськ",
        towns: &["Калуш", "Коломия", "Долина", "Надвірна", "Болехів"],
        land: "Прикарпаття",
        land_latin: "prykarpattia",
        plate: "AT",
        area_code: "342",
        postal: "76",
        neighbours: &[8, 7],
        factory_codes: &["IF", "IVF"],
    },
];

/// A surname: masculine form, feminine form, Latin transliteration.
pub type Surname = (&'static str, &'static str, &'static str);

pub const SURNAMES: &[Surname] = &[
    ("Коваленко", "Коваленко", "kovalenko"),
    ("Шевченко", "Шевченко", "shevchenko"),
    ("Бондаренко", "Бондаренко", "bondarenko"),
    ("Ткаченко", "Ткаченко", "tkachenko"),
    ("Кравченко", "Кравченко", "kravchenko"),
    ("Олійник", "Олійник", "oliinyk"),
    ("Шевчук", "Шевчук", "shevchuk"),
    ("Коваль", "Коваль", "koval"),
    ("Поліщук", "Поліщук", "polishchuk"),
    ("Бойко", "Бойко", "boiko"),
    ("Ткачук", "Ткачук", "tkachuk"),
    ("Мельник", "Мельник", "melnyk"),
    ("Лисенко", "Лисенко", "lysenko"),
    ("Савченко", "Савченко", "savchenko"),
    ("Руденко", "Руденко", "rudenko"),
    ("Марченко", "Марченко", "marchenko"),
    ("Мороз", "Мороз", "moroz"),
    ("Павленко", "Павленко", "pavlenko"),
    ("Петренко", "Петренко", "petrenko"),
    ("Левченко", "Левченко", "levchenko"),
    ("Харченко", "Харченко", "kharchenko"),
    ("Гончаренко", "Гончаренко", "honcharenko"),
    ("Сидоренко", "Сидоренко", "sydorenko"),
    ("Клименко", "Клименко", "klymenko"),
    ("Романенко", "Романенко", "romanenko"),
    ("Кузьменко", "Кузьменко", "kuzmenko"),
    ("Литвиненко", "Литвиненко", "lytvynenko"),
    ("Гриценко", "Гриценко", "hrytsenko"),
    ("Демченко", "Демченко", "demchenko"),
    ("Ковальчук", "Ковальчук", "kovalchuk"),
    ("Кравчук", "Кравчук", "kravchuk"),
    ("Зінченко", "Зінченко", "zinchenko"),
    ("Осадчий", "Осадча", "osadchyi"),
    ("Ковальський", "Ковальська", "kovalskyi"),
    ("Яковенко", "Яковенко", "yakovenko"),
    ("Мартинюк", "Мартинюк", "martyniuk"),
    ("Панченко", "Панченко", "panchenko"),
    ("Дмитренко", "Дмитренко", "dmytrenko"),
    ("Костенко", "Костенко", "kostenko"),
    ("Вакуленко", "Вакуленко", "vakulenko"),
    ("Білик", "Білик", "bilyk"),
    ("Гребенюк", "Гребенюк", "hrebeniuk"),
    ("Карпенко", "Карпенко", "karpenko"),
    ("Онищенко", "Онищенко", "onyshchenko"),
    ("Прокопенко", "Прокопенко", "prokopenko"),
    ("Тимошенко", "Тимошенко", "tymoshenko"),
    ("Соловйов", "Соловйова", "soloviov"),
    ("Кириленко", "Кириленко", "kyrylenko"),
    ("Василенко", "Василенко", "vasylenko"),
    ("Нестеренко", "Нестеренко", "nesterenko"),
    ("Приходько", "Приходько", "prykhodko"),
    ("Гордієнко", "Гордієнко", "hordiienko"),
    ("Стельмах", "Стельмах", "stelmakh"),
    ("Верес", "Верес", "veres"),
    ("Жук", "Жук", "zhuk"),
    ("Остапчук", "Остапчук", "ostapchuk"),
];

/// Russian surnames (masculine, feminine), for dealers that keep their
/// records in Russian.
pub const SURNAMES_RU: &[(&str, &str)] = &[
    ("Иванов", "Иванова"),
    ("Кузнецов", "Кузнецова"),
    ("Попов", "Попова"),
    ("Соколов", "Соколова"),
    ("Волков", "Волкова"),
    ("Морозов", "Морозова"),
    ("Лебедев", "Лебедева"),
    ("Новиков", "Новикова"),
    ("Федоров", "Федорова"),
    ("Козлов", "Козлова"),
    ("Степанов", "Степанова"),
    ("Павлов", "Павлова"),
];

/// Male first names with the patronymics formed from them (masculine,
/// feminine).
pub const MALE_NAMES: &[(&str, &str, &str)] = &[
    ("Олександр", "Олександрович", "Олександрівна"),
    ("Сергій", "Сергійович", "Сергіївна"),
    ("Андрій", "Андрійович", "Андріївна"),
    ("Володимир", "Володимирович", "Володимирівна"),
    ("Микола", "Миколайович", "Миколаївна"),
    ("Іван", "Іванович", "Іванівна"),
    ("Василь", "Васильович", "Василівна"),
    ("Петро", "Петрович", "Петрівна"),
    ("Юрій", "Юрійович", "Юріївна"),
    ("Віктор", "Вікторович", "Вікторівна"),
    ("Дмитро", "Дмитрович", "Дмитрівна"),
    ("Олег", "Олегович", "Олегівна"),
    ("Ігор", "Ігорович", "Ігорівна"),
    ("Михайло", "Михайлович", "Михайлівна"),
    ("Богдан", "Богданович", "Богданівна"),
    ("Роман", "Романович", "Романівна"),
    ("Тарас", "Тарасович", "Тарасівна"),
    ("Євген", "Євгенович", "Євгенівна"),
    ("Анатолій", "Анатолійович", "Анатоліївна"),
    ("Григорій", "Григорович", "Григорівна"),
    ("Павло", "Павлович", "Павлівна"),
    ("Максим", "Максимович", "Максимівна"),
];

pub const FEMALE_NAMES: &[&str] = &[
    "Олена",
    "Наталія",
    "Тетяна",
    "Ірина",
    "Світлана",
    "Оксана",
    "Юлія",
    "Людмила",
    "Ганна",
    "Марія",
    "Вікторія",
    "Катерина",
    "Лариса",
    "Галина",
    "Інна",
    "Алла",
];

pub const RU_INITIALS: &[&str] = &[
    "А. В.", "С. Н.", "И. И.", "В. П.", "Д. А.", "Е. С.", "Н. М.", "О. Г.", "Т. В.", "Ю. К.",
];

/// Brand-like company names: Ukrainian, Latin slug for the e-mail domain.
pub const BRANDS: &[(&str, &str)] = &[
    ("Віконний світ", "vikonnyi-svit"),
    ("Профі-Вікна", "profi-vikna"),
    ("Вікна Плюс", "vikna-plus"),
    ("Теплі вікна", "tepli-vikna"),
    ("Світлі вікна", "svitli-vikna"),
    ("Нові вікна", "novi-vikna"),
    ("Світ дверей", "svit-dverei"),
    ("Вікна Сервіс", "vikna-servis"),
    ("Термоплюс", "termoplus"),
    ("Еко-Вікна", "eko-vikna"),
    ("Майстер Вікон", "maister-vikon"),
    ("Скайлайн", "skyline"),
    ("Вікнабуд", "viknabud"),
    ("Фасад-Центр", "fasad-centr"),
    ("Віконна майстерня", "vikonna-maisternia"),
    ("Тепло в домі", "teplo-v-domi"),
    ("Прозорий дім", "prozoryi-dim"),
    ("Оберіг", "oberih"),
    ("Комфорт-Вікна", "komfort-vikna"),
    ("Віндоус Груп", "windows-group"),
    ("Окна-Люкс", "okna-lux"),
    ("Пластокна", "plastokna"),
    ("Окна Мастер", "okna-master"),
];

pub const STREETS: &[&str] = &[
    "вул. Сумська",
    "просп. Науки",
    "вул. Шевченка",
    "вул. Грушевського",
    "вул. Соборна",
    "вул. Незалежності",
    "просп. Миру",
    "вул. Героїв Праці",
    "вул. Київська",
    "вул. Садова",
    "вул. Лесі Українки",
    "вул. Івана Франка",
    "вул. Котляревського",
    "вул. Промислова",
    "вул. Заводська",
    "вул. Європейська",
    "вул. Полтавський Шлях",
    "просп. Перемоги",
    "вул. Весняна",
    "вул. Вишнева",
    "бульв. Злуки",
    "вул. Михайла Коцюбинського",
];

/// Mobile operator prefixes after `+380`.
pub const MOBILE_CODES: &[&str] = &[
    "50", "66", "67", "68", "73", "93", "95", "96", "97", "98", "99",
];

pub const PROFILE_SYSTEMS: &[(&str, i64)] = &[
    ("REHAU Euro-Design 70", 3_900),
    ("VEKA Softline 82", 5_200),
    ("Salamander BluEvolution 82", 5_600),
    ("WDS 6S", 3_100),
    ("Steko S500", 3_400),
];

/// Glass units and their price factor in per cent.
pub const GLASS_UNITS: &[(&str, i64)] =
    &[("4-16-4", 100), ("4i-16Ar-4", 112), ("4-10-4-10-4", 125)];

/// Colours (Ukrainian, Russian) and their price factor in per cent.
pub const COLOURS: &[(&str, &str, i64)] = &[
    ("білий", "белый", 100),
    ("золотий дуб", "золотой дуб", 128),
    ("антрацит", "антрацит", 132),
    ("горіх", "орех", 128),
];

/// Fittings and their price factor in per cent.
pub const FITTINGS: &[(&str, i64)] = &[
    ("Maco", 105),
    ("Roto NT", 104),
    ("Siegenia", 106),
    ("Winkhaus", 108),
];

pub const ALUMINIUM_SYSTEMS: &[&str] = &["Aluprof MB-70", "Aluprof MB-45", "Ponzio PE50"];

pub const SHUTTER_SYSTEMS: &[&str] = &["Alutech AR/37", "Alutech AR/45", "Aluprof PA/39"];

/// Housing estates, for customer references.
pub const ESTATES: &[&str] = &[
    "Сонячний",
    "Паркова Вежа",
    "Новий Світ",
    "Липки",
    "Зелений Квартал",
    "Авалон",
    "Файне Місто",
    "Семицвіт",
];

pub const LETTERS_PLATE: &[u8] = b"ABCEHIKMOPTX";
