fn main() {
    for d in chainbook_datagen::customers(42, 14) {
        println!("{} | {} | {} | {} {} {} | {:?} | {} {} | {} {} {} {} {}", d.name, d.phone, d.email, d.country, d.province, d.city, d.tags, d.credit_limit, d.currency, d.channel, d.payment_method, d.payment_terms, d.lifecycle, d.owner);
        for c in &d.contacts { println!("    C {} / {} / {} / {} / {} {}", c.name, c.role, c.phone, c.email, c.wechat, c.primary); }
        for a in &d.addresses { println!("    A {} {} {} {} {} {}", a.kind, a.country, a.province, a.city, a.street, a.postcode); }
    }
}
