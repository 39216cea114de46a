//! Synthetic personal details and free-text answers (English, Urdu, Sindhi,
//! romanised Urdu). Names are common given names and family names combined
//! at random; phone numbers use the unallocated `0390` mobile prefix so
//! that no generated number can belong to anyone.

use crate::rng::Rng;

const MALE_SINDH: &[&str] = &[
    "Ali",
    "Ahmed",
    "Abdul Rehman",
    "Ghulam Mustafa",
    "Imran",
    "Javed",
    "Khalid",
    "Muhammad",
    "Nadeem",
    "Rashid",
    "Sajid",
    "Shahid",
    "Zulfiqar",
    "Aijaz",
    "Mumtaz",
    "Sikandar",
    "Waseem",
    "Riaz",
    "Asif",
    "Mehboob",
    "Lal Chand",
    "Kishore",
    "Prem",
    "Ramesh",
    "Bheemo",
];
const FEMALE_SINDH: &[&str] = &[
    "Amina",
    "Fatima",
    "Hajani",
    "Nasreen",
    "Rubina",
    "Shabana",
    "Zubaida",
    "Sakina",
    "Naseem",
    "Parveen",
    "Sughra",
    "Mai Bhagi",
    "Kavita",
    "Leela",
    "Pushpa",
    "Marvi",
];
const FAMILY_SINDH: &[&str] = &[
    "Soomro", "Memon", "Shaikh", "Jamali", "Khoso", "Mallah", "Bhatti", "Kolhi", "Meghwar",
    "Chandio", "Junejo", "Laghari", "Talpur", "Abro", "Mirani", "Samejo", "Jokhio", "Dal", "Bheel",
    "Khatri", "Rajar", "Mangrio", "Palijo", "Channa", "Shar",
];
const MALE_OTHER: &[&str] = &[
    "Muhammad", "Usman", "Bilal", "Hamza", "Tariq", "Gul", "Sher", "Naveed", "Fazal", "Akbar",
    "Yasir", "Qaiser", "Zahid",
];
const FEMALE_OTHER: &[&str] = &["Ayesha", "Saima", "Farzana", "Nabila", "Bushra"];
const FAMILY_OTHER: &[&str] = &[
    "Khan",
    "Yousafzai",
    "Afridi",
    "Butt",
    "Chaudhry",
    "Rana",
    "Awan",
    "Baloch",
    "Marri",
    "Qureshi",
    "Siddiqui",
    "Malik",
    "Bangash",
    "Swati",
];
const FOREIGN_THAR: &[&str] = &[
    "Wang Lei",
    "Zhang Wei",
    "Li Qiang",
    "Liu Yang",
    "Chen Jie",
    "Zhao Min",
    "Sun Hao",
];
const FOREIGN_OTHER: &[&str] = &[
    "Abdul Karim Mia",
    "Nur Islam",
    "Rahim Uddin",
    "Saiful Alam",
    "Mohammad Rafiq Arakani",
];

/// A synthetic full name. `origin` is the tier index (0 district, 1 rest of
/// Sindh, 2 other province, 3 foreign).
pub(crate) fn person_name(rng: &mut Rng, origin: usize, sector: &str, female: bool) -> String {
    match origin {
        0 | 1 => {
            let given = if female {
                rng.choose(FEMALE_SINDH)
            } else {
                rng.choose(MALE_SINDH)
            };
            format!("{given} {}", rng.choose(FAMILY_SINDH))
        }
        2 => {
            let given = if female {
                rng.choose(FEMALE_OTHER)
            } else {
                rng.choose(MALE_OTHER)
            };
            format!("{given} {}", rng.choose(FAMILY_OTHER))
        }
        _ => {
            if sector == "thar" {
                (*rng.choose(FOREIGN_THAR)).to_string()
            } else {
                (*rng.choose(FOREIGN_OTHER)).to_string()
            }
        }
    }
}

/// A synthetic mobile number in the unallocated `0390` prefix.
pub(crate) fn phone(rng: &mut Rng) -> String {
    format!("0390-{:07}", rng.int_in(0, 9_999_999))
}

const REMARKS: &[&str] = &[
    "Load-shedding stops the machines for hours every day.",
    "We cannot find skilled workers locally; we bring them from outside.",
    "No government support has reached our unit.",
    "Association meets only when there is a problem.",
    "Banks ask for collateral we do not have.",
    "بجلی کی لوڈشیڈنگ سے کام متاثر ہوتا ہے",
    "ہنر مند مزدور مقامی طور پر نہیں ملتے",
    "حکومت کی طرف سے کوئی مدد نہیں ملی",
    "بینک قرض کے لیے ضمانت مانگتے ہیں",
    "ڪاريگرن کي تربيت جي ضرورت آهي",
    "پاڻي ۽ رستن جي سهولت ناهي",
    "وچولي وارا اسان جو منافعو کڻي وڃن ٿا",
    "Bijli nahi hoti, kaam ruk jata hai",
];

const COMMENTS: &[&str] = &[
    "Need more training for local youth.",
    "Salary is paid late.",
    "Good employer, but no promotion for locals.",
    "Transport to the site is difficult.",
    "Work is seasonal; no income after the crushing season.",
    "No safety equipment is provided.",
    "تربیت کے مواقع بہت کم ہیں",
    "مقامی لوگوں کو اچھی نوکریاں نہیں ملتیں",
    "تنخواہ وقت پر نہیں ملتی",
    "ترقی کے مواقع صرف باہر والوں کو ملتے ہیں",
    "اسان کي ٽريننگ جي ضرورت آهي",
    "مقامي ماڻهن کي نوڪريون گهٽ ملن ٿيون",
    "ڪم سٺو آهي پر پگهار گهٽ آهي",
    "پاڻي جي کوٽ آهي",
    "Kaam theek hai lekin tankhwah kam hai",
    "Training sirf bahar walon ko milti hai",
];

/// A free-text remark of a firm respondent.
pub(crate) fn firm_remark(rng: &mut Rng) -> String {
    (*rng.choose(REMARKS)).to_string()
}

/// A free-text comment of a worker.
pub(crate) fn worker_comment(rng: &mut Rng) -> String {
    (*rng.choose(COMMENTS)).to_string()
}

/// The stakeholder informant's name (a person; personal data).
pub(crate) fn informant_name(rng: &mut Rng) -> String {
    let female = rng.bernoulli(0.2);
    let origin = if rng.bernoulli(0.7) { 0 } else { 2 };
    person_name(rng, origin, "", female)
}
