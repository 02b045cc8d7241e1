package io.percept.access;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/** The users as Spring Security reads them at login: name, hash, role authorities, disabled. */
final class UserAccounts implements UserDetailsService {

    private final Users users;

    UserAccounts(Users users) {
        this.users = users;
    }

    @Override
    public UserDetails loadUserByUsername(String name) {
        Username username;
        try {
            username = new Username(name);
        } catch (IllegalArgumentException e) {
            throw new UsernameNotFoundException("no such user");
        }
        return users.credentials(username)
                .map(stored -> org.springframework.security.core.userdetails.User.withUsername(username.value())
                        .password(stored.passwordHash()).disabled(stored.user().disabled())
                        .authorities(stored.user().roles().stream().map(role -> new SimpleGrantedAuthority(role.authority())).toList())
                        .build())
                .orElseThrow(() -> new UsernameNotFoundException("no such user"));
    }
}
